package dev.shortener.qr;

import java.util.Locale;

import dev.shortener.error.RequestRejectedException;

/**
 * What {@code GET /jobs/{id}/qr.zip} draws: SVG, or PNG of a size in pixels.
 *
 * @param png true for PNG, false for SVG
 * @param size the PNG's width and height in pixels
 */
public record QrOptions(boolean png, int size) {

    /** Smallest PNG: below it the modules of a long short URL's code are under one pixel wide. */
    public static final int MIN_SIZE = 64;
    /** Largest PNG: keeps one image (and the ZIP's memory per entry) small. */
    public static final int MAX_SIZE = 2048;
    private static final int DEFAULT_SIZE = 512;

    /** The options of the query parameters {@code format} and {@code size} (null when absent); else a 400. */
    public static QrOptions parse(String format, String size) {
        String kind = format == null ? "svg" : format.toLowerCase(Locale.ROOT);
        if (!kind.equals("svg") && !kind.equals("png")) {
            throw RequestRejectedException.badRequest("unknown format '" + format + "' in query parameter 'format'; "
                    + "valid: svg, png");
        }
        int pixels = DEFAULT_SIZE;
        if (size != null) {
            try {
                pixels = Integer.parseInt(size.strip());
            } catch (NumberFormatException e) {
                pixels = -1;
            }
            if (pixels < MIN_SIZE || pixels > MAX_SIZE) {
                throw RequestRejectedException.badRequest("query parameter 'size' must be a number of pixels from "
                        + MIN_SIZE + " to " + MAX_SIZE + ", not '" + size + "'");
            }
        }
        return new QrOptions(kind.equals("png"), pixels);
    }

    /** The file extension of each code. */
    String extension() {
        return png ? "png" : "svg";
    }

    /** The code of {@code text} in this format. */
    byte[] draw(String text) {
        return png ? QrCodes.png(text, size) : QrCodes.svg(text);
    }
}
