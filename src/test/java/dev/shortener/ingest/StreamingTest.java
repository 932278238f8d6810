package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;

/** Rows come out while the body is still arriving: a body without end yields its rows one at a time. */
class StreamingTest {

    private final Ingest ingest = Read.ingest();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "text/csv|url,n\\n|https://e.co/%d,%d\\n",
            "text/csv; charset=UTF-16LE|url;n\\n|https://e.co/%d;%d\\n",
            "text/plain|''|https://e.co/%d\\n",
            "application/json|[|'\"https://e.co/%d\",\\n'" })
    void aBodyWithoutEndYieldsItsFirstRowsInOrder(String contentType, String head, String row) {
        // A literal backslash-n stands for a line break, which the annotation cannot hold.
        Charset charset = contentType.contains("UTF-16") ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_8;
        InputStream endless = new Endless(head.replace("\\n", "\n"),
                n -> String.format(row, n, n).replace("\\n", "\n"), charset);

        try (RowSource rows = ingest.open(endless, contentType, Integer.MAX_VALUE)) {
            for (int i = 0; i < 3_000; i++) {
                assertTrue(rows.hasNext());
                assertEquals("https://e.co/" + i, rows.next().url());
            }
        }
    }

    @Test
    void columnsWidenAsWiderRowsArriveAndRowsAreNotPadded() {
        String csv = "url,name\nhttps://e.co/1,a\nhttps://e.co/2,b,c,d\n";
        try (RowSource rows = ingest.open(bytes(csv), "text/csv", 10)) {
            BatchRow first = rows.next();
            assertEquals(List.of("url", "name"), rows.columns());
            BatchRow second = rows.next();
            assertEquals(List.of("url", "name", "column_3", "column_4"), rows.columns());
            assertEquals(2, first.cells().size());
            assertEquals(4, second.cells().size());
            assertFalse(rows.hasNext());
            assertThrows(NoSuchElementException.class, rows::next);
        }
    }

    @Test
    void theBodyIsClosedWhenReadToTheEndWhenClosedEarlyAndWhenRefused() {
        Closing whole = new Closing("https://e.co/1\n");
        try (RowSource rows = ingest.open(whole, "text/plain", 10)) {
            rows.forEachRemaining(row -> { });
            assertTrue(whole.closed, "closed once read to the end");
        }
        for (String type : List.of("text/csv", "text/plain", "application/json")) {
            Closing early = new Closing(type.equals("application/json") ? "[\"https://e.co/1\", 2]"
                    : "url\nhttps://e.co/1\nx\n");
            try (RowSource rows = ingest.open(early, type, 10)) {
                rows.next();
            }
            assertTrue(early.closed, type + ": closed by close()");
        }
        Closing refused = new Closing("");
        assertThrows(RuntimeException.class, () -> ingest.open(refused, "text/csv", 10));
        assertTrue(refused.closed, "closed when refused at open");
    }

    @Test
    void formatIsTheBodysFormat() {
        try (RowSource rows = ingest.open(bytes("https://e.co/1\n"), "text/plain", 10)) {
            assertEquals(Batch.InputFormat.PLAIN_TEXT, rows.format());
        }
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A body that records whether it was closed. */
    private static final class Closing extends ByteArrayInputStream {

        private boolean closed;

        Closing(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A body that never ends: {@code head}, then row 0, 1, 2, ... */
    private static final class Endless extends InputStream {

        private final IntFunction<String> row;
        private final Charset charset;
        private byte[] chunk;
        private int at;
        private int next;

        Endless(String head, IntFunction<String> row, Charset charset) {
            this.row = row;
            this.charset = charset;
            this.chunk = head.getBytes(charset);
        }

        @Override
        public int read() {
            while (at == chunk.length) {
                chunk = row.apply(next++).getBytes(charset);
                at = 0;
            }
            return chunk[at++] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int n = 0;
            while (n < length) {
                buffer[offset + n++] = (byte) read();
                if (at == chunk.length && n > 0) {
                    break;
                }
            }
            return n;
        }
    }
}
