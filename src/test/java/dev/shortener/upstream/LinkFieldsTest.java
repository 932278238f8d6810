package dev.shortener.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Reading the link-field cells, the warning a provider's row gets, and the fields' JSON round trip. */
class LinkFieldsTest {

    @Test
    void tagsAreSplitOnSemicolonsTrimmedAndDeduplicatedInOrder() {
        assertEquals(List.of("spring", "email", "b2b"), LinkFields.parse(" spring ;email;;b2b; email", null, null)
                .tags());
        assertEquals(LinkFields.NONE, LinkFields.parse(" ; ", "", "  "));
    }

    @Test
    void expiresAtIsAnInstantWithAnOffsetOrADateMeaningTheEndOfThatDayUtc() {
        assertEquals(Instant.parse("2027-01-31T17:00:00Z"), LinkFields.parse(null, "2027-01-31T18:00:00+01:00", null)
                .expiresAt());
        assertEquals(Instant.parse("2027-01-31T23:59:59Z"), LinkFields.parse(null, "2027-01-31", null).expiresAt());
        assertEquals("2027-01-31T23:59:59+00:00", LinkFields.parse(null, "2027-01-31", null).expiresAtAtom());
    }

    @Test
    void aMalformedExpiresAtNamesTheValue() {
        for (String bad : List.of("tomorrow", "2027-13-01", "2027-01-31T18:00:00", "31/01/2027")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> LinkFields.parse(null, bad, null));
            assertEquals("expires_at '" + bad + "' is not an ISO-8601 instant (2027-01-31T18:00:00Z) or date "
                    + "(2027-01-31)", refused.getMessage());
        }
    }

    @Test
    void anExpiryAtOrBeforeNowIsAProblem() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        assertEquals("expires_at 2026-05-31T23:59:59Z is in the past",
                LinkFields.parse(null, "2026-05-31", null).problem(now));
        assertNull(LinkFields.parse(null, "2026-06-01", null).problem(now));
    }

    @Test
    void theWarningNamesWhatTheProviderLeavesOut() {
        LinkFields all = LinkFields.parse("a", "2027-01-31", "T");
        assertEquals("tinyurl-legacy takes no tags, expires_at, title: ignored", all.ignoredBy("tinyurl-legacy",
                Set.of()));
        assertEquals("kutt takes no tags: ignored", all.ignoredBy("kutt",
                EnumSet.of(LinkFields.Field.EXPIRES_AT, LinkFields.Field.TITLE)));
        assertNull(all.ignoredBy("shlink", EnumSet.allOf(LinkFields.Field.class)));
        assertNull(LinkFields.parse(null, null, "T").ignoredBy("bitly",
                EnumSet.of(LinkFields.Field.TAGS, LinkFields.Field.TITLE)));
    }

    @Test
    void theFieldsSurviveTheirJsonForm() {
        LinkFields fields = LinkFields.parse("x;y", "2027-01-31T18:00:00Z", "Spring \"sale\"");
        assertEquals(fields, LinkFields.readFrom(fields.writeTo(JsonNodeFactory.instance.objectNode())));
        assertEquals(LinkFields.NONE, LinkFields.readFrom(LinkFields.NONE.writeTo(
                JsonNodeFactory.instance.objectNode())));
    }
}
