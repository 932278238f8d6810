package dev.shortener.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;
import dev.shortener.error.RequestRejectedException;

/** What every reader shares: one row of look-ahead, the row limit, and closing the body once it is read or refused. */
abstract class StreamingRows implements RowSource {

    private final Batch.InputFormat format;
    private final Closeable body;
    private final int maxRows;
    private BatchRow next;
    private boolean finished;
    private int count;

    StreamingRows(Batch.InputFormat format, Closeable body, int maxRows) {
        this.format = format;
        this.body = body;
        this.maxRows = maxRows;
    }

    /** The next data row, or null after the last; may throw {@link RequestRejectedException}. */
    abstract BatchRow readRow() throws IOException;

    /** Data rows handed out so far. */
    final int rowsRead() {
        return count;
    }

    @Override
    public final Batch.InputFormat format() {
        return format;
    }

    @Override
    public final boolean hasNext() {
        if (next != null || finished) {
            return next != null;
        }
        BatchRow row;
        try {
            row = readRow();
        } catch (IOException e) {
            finished = true;
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            finished = true;
            throw e;
        }
        if (row == null) {
            finished = true;
            close();
            return false;
        }
        if (++count > maxRows) {
            finished = true;
            String unit = switch (format) {
                case JSON -> "element ";
                case XLSX -> "row ";
                default -> "line ";
            };
            throw RequestRejectedException.tooManyRows(maxRows, "limit crossed at " + unit + row.line());
        }
        next = row;
        return true;
    }

    @Override
    public final BatchRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BatchRow row = next;
        next = null;
        return row;
    }

    @Override
    public void close() {
        closeQuietly(body);
    }

    /** Closes what was only read from: nothing is lost if it does not close cleanly. */
    static void closeQuietly(Closeable source) {
        try {
            source.close();
        } catch (IOException e) {
            // Only read from.
        }
    }
}
