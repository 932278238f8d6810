package dev.shortener.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns the result writers' flush after every row (Jackson's default) into 64 KiB writes to the response: a job's
 * result streams at the speed of the database cursor instead of one network write per row. Closing flushes the rest
 * and leaves the response stream open.
 */
final class CoalescingOutputStream extends BufferedOutputStream {

    CoalescingOutputStream(OutputStream out) {
        super(out, 1 << 16);
    }

    @Override
    public void flush() {
        // Deliberately nothing: see the class comment.
    }

    @Override
    public void close() throws IOException {
        super.flush();
    }
}
