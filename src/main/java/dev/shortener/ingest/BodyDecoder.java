package dev.shortener.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.MediaType;

/**
 * Turns body bytes into characters as they arrive: a byte-order mark (UTF-8, UTF-16 LE/BE) wins, as in browsers,
 * then {@code charset=} of the Content-Type, then UTF-8. Bytes that are not valid in that charset stop the read
 * with a 415 naming the line ({@link DecodingReader}), instead of becoming replacement characters in the rows.
 */
final class BodyDecoder {

    private BodyDecoder() {
    }

    /** A reader of {@code body} in the charset its BOM or {@code contentType} names; the BOM is not part of it. */
    static DecodingReader open(InputStream body, String contentType) {
        BufferedInputStream in = new BufferedInputStream(body);
        Charset declared = declaredCharset(contentType);
        try {
            Charset bom = byteOrderMark(in);
            Charset charset = bom != null ? bom : declared != null ? declared : StandardCharsets.UTF_8;
            return new DecodingReader(in, charset, bom == null && declared != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The charset named in {@code contentType}, or null; {@link Ingest#inputFormat} has checked that it exists. */
    static Charset declaredCharset(String contentType) {
        String name = contentType == null ? null
                : MediaType.valueOf(contentType).getParameters().get(MediaType.CHARSET_PARAMETER);
        return name == null ? null : Charset.forName(name);
    }

    /** The charset of a byte-order mark at the start of {@code in}, which is skipped; null (nothing read) if none. */
    private static Charset byteOrderMark(BufferedInputStream in) throws IOException {
        in.mark(3);
        int b0 = in.read();
        int b1 = in.read();
        if (b0 == 0xFE && b1 == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (b0 == 0xEF && b1 == 0xBB && in.read() == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        in.reset();
        return null;
    }
}
