package dev.shortener.results;

import java.io.Closeable;
import java.io.IOException;

import dev.shortener.batch.RowResult;

/** Writes result rows one at a time, in the order given; {@link #close()} flushes without closing the stream. */
public interface ResultWriter extends Closeable {

    /** Writes one row. */
    void write(RowResult row) throws IOException;
}
