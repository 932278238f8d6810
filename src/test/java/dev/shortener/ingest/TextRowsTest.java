package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.shortener.error.RequestRejectedException;

/** Plain-text bodies: one URL per line whatever the line ending, blank lines skipped, lines counted from the file. */
class TextRowsTest {

    private final Ingest ingest = Read.ingest();

    @Test
    void everyLineEndingCountsAsOneLine() {
        Read read = Read.of(ingest, "text/plain",
                "https://e.co/1\r\nhttps://e.co/2\rhttps://e.co/3\n\n  https://e.co/4\t");

        assertEquals(List.of("https://e.co/1", "https://e.co/2", "https://e.co/3", "https://e.co/4"), read.urls());
        assertEquals(List.of(1, 2, 3, 5), read.lines());
        assertEquals(List.of("url"), read.columns());
        assertEquals(List.of("https://e.co/4"), read.rows().get(3).cells());
    }

    @Test
    void crlfAtTheEndDoesNotAddARow() {
        Read read = Read.of(ingest, "text/plain", "https://e.co/1\r\n\r\n");

        assertEquals(List.of(1), read.lines());
    }

    @Test
    void commasAndSemicolonsStayInTheUrl() {
        Read read = Read.of(ingest, "text/plain", "https://e.co/a,b;c=\"d\"\n");

        assertEquals(List.of("https://e.co/a,b;c=\"d\""), read.urls());
    }

    @Test
    void blankBodyIs400() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "text/plain", " \r\n\t\n"));

        assertEquals(400, refusal.status());
        assertEquals("empty body: send one URL per line", refusal.getMessage());
    }

    @Test
    void unknownContentTypeIs415WithAHint() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "application/xml", "<a/>"));

        assertEquals(415, refusal.status());
        assertEquals(true, refusal.getMessage().contains("Content-Type 'application/xml' is not supported"));
    }
}
