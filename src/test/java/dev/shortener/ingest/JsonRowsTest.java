package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.shortener.batch.BatchRow;
import dev.shortener.error.RequestRejectedException;

/** JSON bodies: arrays of strings or objects, element errors as rows, whole-body errors as 400s. */
class JsonRowsTest {

    private final Ingest ingest = Read.ingest();

    @Test
    void stringsAndObjectsBecomeRowsNumberedByElement() {
        Read read = Read.of(ingest, "application/json",
                "[\" https://example.com/a \", {\"url\": \"https://example.com/b\", \"alias\": \" bee \"}]");

        assertEquals(List.of("https://example.com/a", "https://example.com/b"), read.urls());
        assertEquals(List.of(1, 2), read.lines());
        assertEquals(List.of(" https://example.com/a "), read.rows().get(0).cells());
        assertEquals(List.of("https://example.com/b", " bee "), read.rows().get(1).cells());
        assertEquals("bee", read.rows().get(1).alias());
        assertEquals(List.of("url", "alias"), read.columns());
    }

    @Test
    void withoutAnyAliasTheOnlyColumnIsUrl() {
        Read read = Read.of(ingest, "application/json",
                "[{\"url\": \"https://example.com/a\", \"alias\": \"  \"}, {\"url\": \"https://example.com/b\", "
                        + "\"alias\": null}]");

        assertEquals(List.of("url"), read.columns());
        assertNull(read.rows().get(0).alias());
        assertNull(read.rows().get(1).alias());
    }

    @Test
    void elementsThatAreNotUrlsComeBackAsErrorRows() {
        Read read = Read.of(ingest, "application/json",
                "[42, {\"alias\": \"orphan\"}, {\"url\": 7}, {\"url\": \"https://example.com/c\", \"alias\": 5}, "
                        + "[\"nested\"], null]");

        List<BatchRow> rows = read.rows();
        assertEquals(6, rows.size());
        assertEquals("element 1: expected a URL string or an object with \"url\"", rows.get(0).inputError());
        assertEquals(List.of("42"), rows.get(0).cells());
        assertEquals("element 2: field \"url\" is missing or not a string", rows.get(1).inputError());
        assertEquals(List.of("", "orphan"), rows.get(1).cells());
        assertEquals(List.of("7"), rows.get(2).cells());
        assertEquals("element 4: field \"alias\" must be a string", rows.get(3).inputError());
        assertEquals(List.of("https://example.com/c", "5"), rows.get(3).cells());
        assertEquals(List.of("[\"nested\"]"), rows.get(4).cells());
        assertEquals(List.of("null"), rows.get(5).cells());
        assertEquals(Arrays.asList(null, null, null, null, null, null), read.urls());
        assertEquals(List.of("url"), read.columns());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty body: send a JSON array of URLs",
            "'  \n '|empty body: send a JSON array of URLs",
            "[]|no URL rows in the body: the array is empty",
            "{\"url\": \"https://example.com/a\"}|body must be a JSON array of URL strings or of {\"url\": ..., "
                    + "\"alias\": ...} objects",
            "\"https://example.com/a\"|body must be a JSON array of URL strings or of {\"url\": ..., \"alias\": ...} "
                    + "objects",
            "[\"https://example.com/a\"] [1]|unexpected content after the JSON array at line 1; body must be a JSON "
                    + "array of URL strings or of {\"url\": ..., \"alias\": ...} objects" })
    void wholeBodyProblemsAre400(String body, String detail) {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "application/json", body));

        assertEquals(400, refusal.status());
        assertEquals(detail, refusal.getMessage());
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "application/json", "[\n\"https://example.com/a\",\n}"));

        assertEquals(400, refusal.status());
        assertEquals(true, refusal.getMessage().startsWith("malformed JSON at line 3, column 1: "),
                refusal.getMessage());
    }

    @Test
    void anUnclosedArrayIs400() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "application/json", "[\"https://example.com/a\""));

        assertEquals(400, refusal.status());
        assertEquals(true, refusal.getMessage().startsWith("malformed JSON at line 1"), refusal.getMessage());
    }
}
