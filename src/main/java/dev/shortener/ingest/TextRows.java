package dev.shortener.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;
import dev.shortener.error.RequestRejectedException;

/** A {@code text/plain} body: one URL per line (CRLF, LF or CR), blank lines skipped, each line at most a cell long. */
final class TextRows extends StreamingRows {

    private final BufferedReader in;
    private final int maxLineLength;
    private final StringBuilder line = new StringBuilder();
    private int lineNumber;
    private boolean skipLf;

    TextRows(DecodingReader body, int maxRows, int maxLineLength) {
        this(new BufferedReader(body), maxRows, maxLineLength);
    }

    private TextRows(BufferedReader in, int maxRows, int maxLineLength) {
        super(Batch.InputFormat.PLAIN_TEXT, in, maxRows);
        this.in = in;
        this.maxLineLength = maxLineLength;
    }

    @Override
    BatchRow readRow() throws IOException {
        while (readLine()) {
            String url = line.toString().strip();
            if (!url.isEmpty()) {
                return BatchRow.of(lineNumber, List.of(url), url, null);
            }
        }
        if (rowsRead() == 0) {
            throw RequestRejectedException.badRequest("empty body: send one URL per line");
        }
        return null;
    }

    @Override
    public List<String> columns() {
        return List.of("url");
    }

    /** Reads the next line into {@link #line}; false at the end of the body. */
    private boolean readLine() throws IOException {
        line.setLength(0);
        int c = in.read();
        if (skipLf && c == '\n') {
            c = in.read();
        }
        skipLf = false;
        if (c < 0) {
            return false;
        }
        lineNumber++;
        while (c >= 0 && c != '\n' && c != '\r') {
            if (line.length() == maxLineLength) {
                throw new RequestRejectedException(413, "Payload Too Large", "line " + lineNumber
                        + " is longer than " + maxLineLength + " characters (shortener.csv.max-cell-length)");
            }
            line.append((char) c);
            c = in.read();
        }
        skipLf = c == '\r';
        return true;
    }
}
