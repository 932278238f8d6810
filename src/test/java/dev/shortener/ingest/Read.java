package dev.shortener.ingest;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.shortener.TestConfig;
import dev.shortener.batch.BatchRow;

/**
 * A body read to the end through a real {@link Ingest}, for the unit tests of the readers.
 *
 * @param columns the columns once every row is read
 * @param rows the rows in order
 */
record Read(List<String> columns, List<BatchRow> rows) {

    /** An {@link Ingest} with the service's defaults and {@code settings} on top. */
    static Ingest ingest(String... settings) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        return new Ingest(TestConfig.shortener(values));
    }

    /** {@code body} as UTF-8 bytes sent with {@code contentType}, read by {@code ingest} with at most 100 rows. */
    static Read of(Ingest ingest, String contentType, String body) {
        return of(ingest, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code body} encoded in {@code charset}. */
    static Read of(Ingest ingest, String contentType, String body, Charset charset) {
        return of(ingest, contentType, body.getBytes(charset));
    }

    /** The raw bytes. */
    static Read of(Ingest ingest, String contentType, byte[] body) {
        return of(ingest, contentType, body, 100);
    }

    /** The raw bytes with a row limit. */
    static Read of(Ingest ingest, String contentType, byte[] body, int maxRows) {
        return of(ingest, contentType, body, null, maxRows);
    }

    /** The raw bytes with a row limit, reading sheet {@code sheet} of an xlsx body (null: the first). */
    static Read of(Ingest ingest, String contentType, byte[] body, String sheet, int maxRows) {
        try (RowSource source = ingest.open(new ByteArrayInputStream(body), contentType, sheet, maxRows)) {
            List<BatchRow> rows = new ArrayList<>();
            source.forEachRemaining(rows::add);
            return new Read(source.columns(), rows);
        }
    }

    /** The URLs of the rows, in order. */
    List<String> urls() {
        return rows.stream().map(BatchRow::url).toList();
    }

    /** The line (or element) numbers of the rows, in order. */
    List<Integer> lines() {
        return rows.stream().map(BatchRow::line).toList();
    }
}
