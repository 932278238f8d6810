package dev.shortener.ingest;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;

import dev.shortener.error.RequestRejectedException;

/**
 * Counts the lines of the characters handed out, so that a body that stops decoding is refused naming the line of the
 * bad bytes: the decoder hands out every character before them first, then reports.
 */
final class LineCountingReader extends FilterReader {

    private final Charset charset;
    private final boolean declared;
    private int line = 1;
    private boolean afterCr;

    LineCountingReader(Reader decoded, Charset charset, boolean declared) {
        super(decoded);
        this.charset = charset;
        this.declared = declared;
    }

    /** The charset the body is read in. */
    Charset charset() {
        return charset;
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (CharacterCodingException e) {
            throw undecodable();
        }
        for (int i = offset; i < offset + n; i++) {
            char c = buffer[i];
            if (c == '\r' || (c == '\n' && !afterCr)) {
                line++;
            }
            afterCr = c == '\r';
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Every character must pass through read() to be counted.
        char[] sink = new char[(int) Math.min(n, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private RequestRejectedException undecodable() {
        String hint = declared
                ? "send it in the charset named in Content-Type, or name the file's real charset there"
                : "send UTF-8, or name the file's charset in Content-Type, e.g. 'text/csv; charset=windows-1252'";
        return new RequestRejectedException(415, "Unsupported Media Type", "the body is not valid " + charset.name()
                + ": bytes at line " + line + " do not decode; " + hint);
    }
}
