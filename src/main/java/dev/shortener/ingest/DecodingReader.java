package dev.shortener.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

import dev.shortener.error.RequestRejectedException;

/**
 * Decodes body bytes strictly ({@link CodingErrorAction#REPORT}) and counts lines as it goes, so that a body that is
 * not valid in its charset is refused naming the line of the bad bytes. Unlike {@link java.io.InputStreamReader}, it
 * hands out every character decoded before the bad bytes first, which is what makes the line exact.
 */
final class DecodingReader extends Reader {

    private static final int BUFFER_BYTES = 8192;

    private final InputStream in;
    private final Charset charset;
    private final boolean declared;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private boolean endOfInput;
    private boolean flushed;
    private boolean malformed;
    private int line = 1;
    private boolean afterCr;

    /** Reads {@code in} in {@code charset}; {@code declared} says it came from Content-Type (for the message). */
    DecodingReader(InputStream in, Charset charset, boolean declared) {
        this.in = in;
        this.charset = charset;
        this.declared = declared;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (out.position() == offset) {
            if (malformed) {
                throw undecodable();
            }
            if (flushed) {
                return -1;
            }
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            if (result.isError()) {
                malformed = true;
            } else if (result.isOverflow()) {
                break;
            } else if (endOfInput) {
                decoder.flush(out);
                flushed = true;
            } else {
                fill();
            }
        }
        int n = out.position() - offset;
        count(buffer, offset, n);
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void count(char[] buffer, int offset, int n) {
        for (int i = offset; i < offset + n; i++) {
            char c = buffer[i];
            if (c == '\r' || (c == '\n' && !afterCr)) {
                line++;
            }
            afterCr = c == '\r';
        }
    }

    private RequestRejectedException undecodable() {
        String hint = declared
                ? "send it in the charset named in Content-Type, or name the file's real charset there"
                : "send UTF-8, or name the file's charset in Content-Type, e.g. 'text/csv; charset=windows-1252'";
        return new RequestRejectedException(415, "Unsupported Media Type", "the body is not valid " + charset.name()
                + ": bytes at line " + line + " do not decode; " + hint);
    }
}
