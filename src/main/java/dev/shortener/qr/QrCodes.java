package dev.shortener.qr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import javax.imageio.ImageIO;

import io.nayuki.qrcodegen.QrCode;

/**
 * QR codes of short URLs (Nayuki's qrcodegen, error correction M, the standard 4-module quiet zone) drawn as SVG (one
 * path, any size) or as a PNG of a given width (javax.imageio: JVM only, a native image would need AWT).
 */
public final class QrCodes {

    /** Modules of white space around the code, as the standard asks. */
    static final int QUIET_ZONE = 4;

    private QrCodes() {
    }

    /** The code of {@code text}; an IllegalArgumentException when it is too long for any QR version. */
    static QrCode encode(String text) {
        try {
            return QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        } catch (io.nayuki.qrcodegen.DataTooLongException e) {
            throw new IllegalArgumentException("too long for a QR code: " + text.length() + " characters", e);
        }
    }

    /** An SVG document of the code, one unit per module. */
    public static byte[] svg(String text) {
        QrCode qr = encode(text);
        int side = qr.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder(qr.size * qr.size * 4);
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        String svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + side + " " + side
                + "\" shape-rendering=\"crispEdges\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
                + "<path d=\"" + path + "\" fill=\"#000000\"/>\n</svg>\n";
        return svg.getBytes(StandardCharsets.UTF_8);
    }

    /** A PNG of the code, {@code size} pixels wide and high (each pixel takes the module it falls in). */
    public static byte[] png(String text, int size) {
        QrCode qr = encode(text);
        int side = qr.size + 2 * QUIET_ZONE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        for (int py = 0; py < size; py++) {
            int y = py * side / size - QUIET_ZONE;
            for (int px = 0; px < size; px++) {
                int x = px * side / size - QUIET_ZONE;
                boolean dark = x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.getModule(x, y);
                image.setRGB(px, py, dark ? 0x000000 : 0xFFFFFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory", e);
        }
        return out.toByteArray();
    }
}
