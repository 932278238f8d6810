package dev.shortener.ingest;

import java.util.Iterator;
import java.util.List;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;

/**
 * The rows of one request body, read one at a time, so that a body of any size is never held whole. Iterating may
 * throw {@link dev.shortener.error.RequestRejectedException} for malformed content or too many rows.
 */
public interface RowSource extends Iterator<BatchRow>, AutoCloseable {

    /** What the body was, which decides the default response type. */
    Batch.InputFormat format();

    /**
     * The input columns echoed back before {@code short_url, status, error}. Final only once {@link #hasNext()} has
     * answered false: a ragged CSV row or a JSON alias can widen it. Rows narrower than it are padded on output.
     */
    List<String> columns();

    /**
     * True when the input has a link-field column ({@code tags}, {@code expires_at}, {@code title}; a CSV or sheet
     * header, or a JSON member): the answer then has a {@code warning} column. Final when {@link #columns()} is.
     */
    default boolean linkFields() {
        return columns().stream().map(TableRules::normalise).anyMatch(TableRules.FIELD_HEADERS::contains);
    }

    /** Releases the body. */
    @Override
    void close();
}
