package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.shortener.error.RequestRejectedException;

/** Limits that keep one hostile body from taking the heap: columns, cell/line/string length, rows; each named. */
class BodyLimitsTest {

    private final Ingest ingest = Read.ingest("shortener.csv.max-columns", "3", "shortener.csv.max-cell-length", "40");

    @Test
    void aRowWiderThanMaxColumnsIs413NamingItsLine() {
        RequestRejectedException refusal = refuse("text/csv", "url,name\nhttps://example.com/a,b,c\n"
                + "https://example.com/b,b,c,d\n");

        assertEquals(413, refusal.status());
        assertEquals("line 3 has more than 3 columns (shortener.csv.max-columns)", refusal.getMessage());
    }

    @Test
    void exactlyMaxColumnsIsAccepted() {
        Read read = Read.of(ingest, "text/csv", "url,name\nhttps://example.com/a,b,c\n");

        assertEquals(3, read.rows().get(0).cells().size());
    }

    @Test
    void aVeryWideRowIsRefusedAtItsLineWithDefaultLimits() {
        StringBuilder body = new StringBuilder("url,name\nhttps://example.com/wide,x");
        body.append(",".repeat(10_000)).append('\n');
        for (int i = 0; i < 99_000; i++) {
            body.append("https://example.com/").append(i).append(",n\n");
        }

        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(Read.ingest(), "text/csv", body.toString().getBytes(StandardCharsets.UTF_8), 100_000));

        assertEquals(413, refusal.status());
        assertEquals("line 2 has more than 1000 columns (shortener.csv.max-columns)", refusal.getMessage());
    }

    @Test
    void aCsvCellLongerThanTheLimitIs413NamingLineAndColumn() {
        RequestRejectedException refusal = refuse("text/csv", "url,name\nhttps://example.com/a,"
                + "x".repeat(41) + "\n");

        assertEquals(413, refusal.status());
        assertEquals("line 2, column 2: a cell longer than 40 characters (shortener.csv.max-cell-length)",
                refusal.getMessage());
    }

    @Test
    void aHugeQuotedCsvCellIsStoppedByTheParserNamingItsColumn() {
        RequestRejectedException refusal = refuse("text/csv", "url;note\nhttps://example.com/a;\""
                + "y".repeat(200_000) + "\"\n");

        assertEquals(413, refusal.status());
        assertEquals("line 2, column 2: a cell longer than 40 characters (shortener.csv.max-cell-length)",
                refusal.getMessage());
    }

    @Test
    void aCellOfExactlyTheLimitIsAccepted() {
        Read read = Read.of(ingest, "text/csv", "url,name\nhttps://example.com/a," + "x".repeat(40) + "\n");

        assertEquals(40, read.rows().get(0).cells().get(1).length());
    }

    @Test
    void aPlainTextLineLongerThanTheLimitIs413NamingTheLine() {
        RequestRejectedException refusal = refuse("text/plain", "https://example.com/a\r\n\r\nhttps://example.com/"
                + "z".repeat(30) + "\n");

        assertEquals(413, refusal.status());
        assertEquals("line 3 is longer than 40 characters (shortener.csv.max-cell-length)", refusal.getMessage());
    }

    @Test
    void aPlainTextLineOfExactlyTheLimitIsAccepted() {
        Read read = Read.of(ingest, "text/plain", "https://e.co/" + "z".repeat(27) + "\n");

        assertEquals(40, read.urls().get(0).length());
    }

    @Test
    void limitsCountFromTheExcelSeparatorLine() {
        RequestRejectedException refusal = refuse("text/csv", "sep=,\nurl,a\nhttps://e.co/1,a,b,c\n");

        assertEquals("line 3 has more than 3 columns (shortener.csv.max-columns)", refusal.getMessage());
    }

    @Test
    void aJsonStringLongerThanTheLimitIs413NamingTheElement() {
        RequestRejectedException refusal = refuse("application/json", "[\"https://example.com/a\", {\"url\": \""
                + "https://example.com/" + "q".repeat(100_000) + "\"}]");

        assertEquals(413, refusal.status());
        assertEquals("element 2: a string longer than 40 characters (shortener.csv.max-cell-length)",
                refusal.getMessage());
    }

    @Test
    void deeplyNestedJsonIs413NotAStackOverflow() {
        RequestRejectedException refusal = refuse("application/json", "[" + "[".repeat(5000) + "]".repeat(5000) + "]");

        assertEquals(413, refusal.status());
        assertEquals("element 1: nested deeper than 64 levels", refusal.getMessage());
    }

    @Test
    void moreJsonElementsThanMaxRowsIs413NamingTheElement() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class, () -> Read.of(ingest,
                "application/json", "[\"https://e.co/1\",\"https://e.co/2\",\"https://e.co/3\"]"
                        .getBytes(StandardCharsets.UTF_8), 2));

        assertEquals(413, refusal.status());
        assertEquals("more than 2 data rows (shortener.max-rows): limit crossed at element 3; split the batch",
                refusal.getMessage());
    }

    @Test
    void moreTextLinesThanMaxRowsIs413NamingTheLine() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class, () -> Read.of(ingest,
                "text/plain", "https://e.co/1\n\nhttps://e.co/2\n".getBytes(StandardCharsets.UTF_8), 1));

        assertEquals(413, refusal.status());
        assertEquals("more than 1 data rows (shortener.max-rows): limit crossed at line 3; split the batch",
                refusal.getMessage());
    }

    @Test
    void exactlyMaxRowsIsAccepted() {
        Read read = Read.of(ingest, "text/plain", "https://e.co/1\nhttps://e.co/2\n".getBytes(StandardCharsets.UTF_8),
                2);

        assertEquals(2, read.rows().size());
    }

    private RequestRejectedException refuse(String contentType, String body) {
        return assertThrows(RequestRejectedException.class, () -> Read.of(ingest, contentType, body));
    }
}
