package dev.shortener.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import dev.shortener.TestConfig;
import dev.shortener.batch.BatchRow;
import dev.shortener.batch.RowResult;

/** CSV and NDJSON result writing: padding, result columns, and formula escaping (CSV injection). */
class ResultWritersTest {

    private final ResultWriters writers = new ResultWriters(new ObjectMapper(), TestConfig.shortener(Map.of()));

    @Test
    void shortRowsArePaddedToTheColumnsAndResultColumnsAppended() throws IOException {
        String csv = csv(writers, List.of("url", "name", "column_3"),
                new RowResult(BatchRow.of(1, List.of("https://e.co/a"), "https://e.co/a", null), "https://t.co/1",
                        null),
                new RowResult(BatchRow.of(2, List.of("https://e.co/b", "B, Inc.", "x"), "https://e.co/b", null), null,
                        "invalid URL: no host"));

        assertEquals("url,name,column_3,short_url,status,error\n"
                + "https://e.co/a,,,https://t.co/1,ok,\n"
                + "https://e.co/b,\"B, Inc.\",x,,error,invalid URL: no host\n", csv);
    }

    @ParameterizedTest
    @ValueSource(strings = { "=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx" })
    void cellsThatWouldRunAsFormulasGetALeadingQuote(String cell) throws IOException {
        String csv = csv(writers, List.of("name", "url"),
                new RowResult(BatchRow.of(1, List.of(cell, "https://e.co/a"), "https://e.co/a", null), "https://t.co/1",
                        null));

        List<String[]> records = new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .<String[]>readValues(csv).readAll();
        assertEquals(List.of("name", "url", "short_url", "status", "error"), List.of(records.get(0)));
        assertEquals(List.of("'" + cell, "https://e.co/a", "https://t.co/1", "ok", ""), List.of(records.get(1)));
    }

    @Test
    void headersAndErrorsAreEscapedButUrlsAndHarmlessCellsAreNot() throws IOException {
        String csv = csv(writers, List.of("=cmd", "url"),
                new RowResult(BatchRow.of(1, List.of("a=b", "-x"), "-x", null), null, "-oops"));

        assertEquals("'=cmd,url,short_url,status,error\na=b,'-x,,error,'-oops\n", csv);
    }

    @Test
    void escapingCanBeTurnedOff() throws IOException {
        ResultWriters raw = new ResultWriters(new ObjectMapper(),
                TestConfig.shortener(Map.of("shortener.csv.escape-formulas", "false")));

        String csv = csv(raw, List.of("name"), new RowResult(BatchRow.of(1, List.of("=1+1"), "=1+1", null), null, "e"));

        assertEquals("name,short_url,status,error\n=1+1,,error,e\n", csv);
    }

    @Test
    void ndjsonIsOneObjectPerLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ResultWriter writer = writers.ndjson(out)) {
            writer.write(new RowResult(BatchRow.of(3, List.of("https://e.co/a", "al"), "https://e.co/a", "al"),
                    "https://t.co/al", null));
            writer.write(new RowResult(BatchRow.unreadable(4, List.of("7"), "element 4: bad"), null, "element 4: bad"));
        }

        assertEquals("{\"line\":3,\"url\":\"https://e.co/a\",\"alias\":\"al\",\"short_url\":\"https://t.co/al\","
                + "\"status\":\"ok\",\"error\":null}\n"
                + "{\"line\":4,\"url\":\"7\",\"alias\":null,\"short_url\":null,\"status\":\"error\","
                + "\"error\":\"element 4: bad\"}\n", out.toString(StandardCharsets.UTF_8));
    }

    private static String csv(ResultWriters writers, List<String> columns, RowResult... rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ResultWriter writer = writers.csv(out, columns)) {
            for (RowResult row : rows) {
                writer.write(row);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
