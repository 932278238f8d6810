package dev.shortener.batch;

import java.util.List;

/**
 * A parsed batch.
 *
 * @param format what the request body was, which decides the default response type
 * @param columns names of the input columns echoed back before {@code short_url, status, error}
 * @param rows the data rows, in input order
 */
public record Batch(InputFormat format, List<String> columns, List<BatchRow> rows) {

    /** Kinds of request body. */
    public enum InputFormat {
        CSV, PLAIN_TEXT, JSON, XLSX
    }
}
