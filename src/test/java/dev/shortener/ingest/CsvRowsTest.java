package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.shortener.batch.BatchRow;
import dev.shortener.error.RequestRejectedException;

/** CSV reading rules: header detection, delimiters, ragged rows, limits and the line numbers in errors. */
class CsvRowsTest {

    private final Ingest ingest = Read.ingest();

    private Read read(String csv) {
        return Read.of(ingest, "text/csv", csv.getBytes(StandardCharsets.UTF_8), 3);
    }

    @ParameterizedTest
    @ValueSource(strings = { "URL", "Long URL", "long_url", "link", "Target", "destination", "Original-URL" })
    void recognisesUrlHeaderSpellings(String header) {
        Read batch = read("id," + header + "\n1,https://example.com/a\n");

        assertEquals(List.of("id", header), batch.columns());
        assertEquals("https://example.com/a", batch.rows().get(0).url());
    }

    @Test
    void withoutAUrlHeaderTheFirstRowIsDataAndColumnOneTheUrl() {
        Read batch = read("https://example.com/a,x\nhttps://example.com/b,y,extra\n");

        assertEquals(List.of("url", "column_2", "column_3"), batch.columns());
        assertEquals(2, batch.rows().size());
        // Rows are not padded to the widest one: the writer pads on output.
        assertEquals(List.of("https://example.com/a", "x"), batch.rows().get(0).cells());
        assertEquals(List.of("https://example.com/b", "y", "extra"), batch.rows().get(1).cells());
    }

    @Test
    void urlsContainingCommasDoNotFoolTheSemicolonDetection() {
        Read batch = read("url;note\n\"https://example.com/a,b\";x\nhttps://example.com/c,d;y\n");

        assertEquals("https://example.com/a,b", batch.rows().get(0).url());
        assertEquals("https://example.com/c,d", batch.rows().get(1).url());
    }

    @Test
    void aOneColumnListKeepsUnquotedCommasAndSemicolonsInItsUrls() {
        Read withHeader = read("url\nhttps://example.com/a,b\nhttps://example.com/c;d=1\n");
        Read bare = read("https://example.com/a,b\n\"https://example.com/\"\"q\"\"\"\n");

        assertEquals(List.of("url"), withHeader.columns());
        assertEquals("https://example.com/a,b", withHeader.rows().get(0).url());
        assertEquals("https://example.com/c;d=1", withHeader.rows().get(1).url());
        assertEquals(List.of("url"), bare.columns());
        assertEquals("https://example.com/a,b", bare.rows().get(0).url());
        assertEquals("https://example.com/\"q\"", bare.rows().get(1).url());
    }

    @Test
    void aliasColumnIsReadAndBlankAliasesAreNone() {
        Read batch = read("alias,url\nmine,https://example.com/a\n ,https://example.com/b\n");

        assertEquals("mine", batch.rows().get(0).alias());
        assertNull(batch.rows().get(1).alias());
    }

    @Test
    void resultColumnsOfAnEarlierAnswerAreReplacedNotDuplicated() {
        Read batch = read("url,short_url,status,error,note\nhttps://example.com/a,old,ok,,keep\n");

        assertEquals(List.of("url", "note"), batch.columns());
        assertEquals(List.of("https://example.com/a", "keep"), batch.rows().get(0).cells());
    }

    @Test
    void quotedNewlinesStayInTheirCellAndLinesAreCountedFromTheFile() {
        Read batch = read("url,note\r\nhttps://example.com/a,\"two\r\nlines\"\r\n\r\nhttps://example.com/b,x\r\n");

        List<BatchRow> rows = batch.rows();
        assertEquals("two\r\nlines", rows.get(0).cells().get(1));
        assertEquals(2, rows.get(0).line());
        assertEquals(5, rows.get(1).line());
    }

    @Test
    void moreRowsThanTheLimitIs413() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> read("url\nhttps://e.co/1\nhttps://e.co/2\nhttps://e.co/3\nhttps://e.co/4\n"));

        assertEquals(413, refusal.status());
        assertTrue(refusal.getMessage().contains("line 5"), refusal.getMessage());
    }

    @Test
    void blankOnlyBodyIs400() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class, () -> read("\uFEFF\r\n\r\n"));

        assertEquals(400, refusal.status());
    }

    @Test
    void malformedCsvAfterAnExcelSeparatorLineNamesTheLineInTheFile() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> read("sep=;\nurl;n\nhttps://e.co/a;\"open\n"));

        assertEquals(400, refusal.status());
        assertTrue(refusal.getMessage().startsWith("malformed CSV at record starting at line 3 (error at line 4)"),
                refusal.getMessage());
    }

    @Test
    void aHeaderWiderThanItsRowsKeepsItsNamesAndRaggedRowsAddNumberedColumns() {
        Read narrow = read("url,a,b,c\nhttps://e.co/1,x\n");
        Read wide = read("url,status,a\nhttps://e.co/1,ok,x,y,z\n");

        assertEquals(List.of("url", "a", "b", "c"), narrow.columns());
        assertEquals(List.of("url", "a", "column_4", "column_5"), wide.columns());
        assertEquals(List.of("https://e.co/1", "x", "y", "z"), wide.rows().get(0).cells());
    }

    @Test
    void onlyTheFirstUrlAndAliasColumnsCount() {
        Read read = read("link,url,alias,alias\nhttps://e.co/1,https://e.co/2,first,second\n");

        assertEquals("https://e.co/1", read.rows().get(0).url());
        assertEquals("first", read.rows().get(0).alias());
    }
}
