package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.shortener.batch.BatchRow;
import dev.shortener.upstream.LinkFields;

/** The {@code tags}, {@code expires_at} and {@code title} columns, found like {@code alias} in CSV and JSON bodies. */
class LinkFieldColumnsTest {

    private final Ingest ingest = Read.ingest();

    @Test
    void csvHeadersAreRecognisedWhateverTheirCaseBlanksOrDashesAndEchoed() {
        Read read = Read.of(ingest, "text/csv", "Title;URL;Expires-At;TAGS\nSale;https://example.com/a;2027-01-31;"
                + "\"x; y\"\n;https://example.com/b;;\n");

        assertEquals(List.of("Title", "URL", "Expires-At", "TAGS"), read.columns());
        BatchRow first = read.rows().get(0);
        assertEquals(new LinkFields(List.of("x", "y"), Instant.parse("2027-01-31T23:59:59Z"), "Sale"), first.fields());
        assertEquals(List.of("Sale", "https://example.com/a", "2027-01-31", "x; y"), first.cells());
        assertEquals(LinkFields.NONE, read.rows().get(1).fields());
        assertTrue(linkFields("text/csv", "Title;URL\nx;https://example.com/a\n"));
    }

    @Test
    void aMalformedExpiryIsARowErrorThatKeepsItsUrl() {
        Read read = Read.of(ingest, "text/csv", "url,expires_at\nhttps://example.com/a,31.01.2027\n");

        BatchRow row = read.rows().get(0);
        assertEquals("https://example.com/a", row.url());
        assertEquals("expires_at '31.01.2027' is not an ISO-8601 instant (2027-01-31T18:00:00Z) or date (2027-01-31)",
                row.inputError());
    }

    @Test
    void withoutFieldColumnsThereAreNoFieldsAndAnEarlierAnswersColumnsAreReplaced() {
        Read read = Read.of(ingest, "text/csv", "url,tagged_url,short_url,status,error,warning\n"
                + "https://example.com/a,https://example.com/a?utm_source=x,https://tinyurl.com/a,ok,,\n");

        assertEquals(List.of("url"), read.columns());
        assertEquals(List.of("https://example.com/a"), read.rows().get(0).cells());
        assertEquals(LinkFields.NONE, read.rows().get(0).fields());
        assertFalse(linkFields("text/csv", "url,alias,note\nhttps://example.com/a,,\n"));
    }

    @Test
    void jsonMembersCarryTheFieldsTagsAsAStringOrAnArray() {
        Read read = Read.of(ingest, "application/json", "[{\"url\": \"https://example.com/a\", \"tags\": [\"x\", "
                + "\"y\"]}, {\"url\": \"https://example.com/b\", \"tags\": \"z\", \"title\": \"T\"}, "
                + "{\"url\": \"https://example.com/c\", \"tags\": [1]}]");

        assertEquals(List.of("url", "alias", "tags", "expires_at", "title"), read.columns());
        assertEquals(List.of("x", "y"), read.rows().get(0).fields().tags());
        assertEquals(List.of("https://example.com/a", "", "x;y"), read.rows().get(0).cells());
        assertEquals("T", read.rows().get(1).fields().title());
        assertNull(read.rows().get(1).alias());
        assertEquals("element 3: field \"tags\" must be a string or an array of strings",
                read.rows().get(2).inputError());
        assertTrue(linkFields("application/json",
                "[{\"url\": \"https://example.com/a\", \"expires_at\": \"2099-01-01\"}]"));
        assertFalse(linkFields("application/json", "[{\"url\": \"https://example.com/a\", \"alias\": \"x\"}]"));
    }

    /** Whether the answer to {@code body} gets a warning column. */
    private boolean linkFields(String contentType, String body) {
        try (RowSource rows = ingest.open(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                contentType, 100)) {
            rows.forEachRemaining(row -> { });
            return rows.linkFields();
        }
    }
}
