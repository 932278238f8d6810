package dev.shortener.qr;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.shortener.batch.RowResult;
import dev.shortener.results.ResultWriter;

/**
 * A ZIP of QR codes written as a job's rows stream by, in two passes over them (nothing held in memory or on disk):
 * first {@code index.csv} ({@code row,short_url,file}), then one code per {@code ok} row named by its 1-based data row
 * ({@code 000042.svg}). A short URL too long for any QR code is listed with an empty {@code file}.
 */
public final class QrZip implements Closeable {

    private static final int MAX_BYTES = 2331;

    private final ZipOutputStream zip;
    private final QrOptions options;

    /** A ZIP written to {@code out}, which {@link #close()} finishes but does not close. */
    public QrZip(OutputStream out, QrOptions options) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.options = options;
    }

    /** The first pass: the index entry; close the writer before {@link #codes()}. */
    public ResultWriter index() throws IOException {
        zip.putNextEntry(new ZipEntry("index.csv"));
        zip.write("row,short_url,file\n".getBytes(StandardCharsets.UTF_8));
        return new Pass() {
            @Override
            void ok(int row, String shortUrl) throws IOException {
                String file = fits(shortUrl) ? name(row) : "";
                zip.write((row + "," + csv(shortUrl) + "," + file + "\n").getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() throws IOException {
                zip.closeEntry();
            }
        };
    }

    /** The second pass: one entry per ok row. */
    public ResultWriter codes() {
        return new Pass() {
            @Override
            void ok(int row, String shortUrl) throws IOException {
                if (!fits(shortUrl)) {
                    return;
                }
                zip.putNextEntry(new ZipEntry(name(row)));
                zip.write(options.draw(shortUrl));
                zip.closeEntry();
            }

            @Override
            public void close() {
            }
        };
    }

    private String name(int row) {
        return String.format("%06d.%s", row, options.extension());
    }

    /** Whether byte mode at error correction M holds it (the largest QR code holds 2331 bytes so). */
    private static boolean fits(String shortUrl) {
        return shortUrl.length() <= MAX_BYTES && shortUrl.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        zip.finish();
    }

    /** Counts data rows (every done row, in input order) and hands each ok one on. */
    private abstract static class Pass implements ResultWriter {
        private int row;

        @Override
        public void write(RowResult result) throws IOException {
            row++;
            if (result.ok() && result.shortUrl() != null) {
                ok(row, result.shortUrl());
            }
        }

        abstract void ok(int row, String shortUrl) throws IOException;
    }
}
