package dev.shortener.ingest;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;

import dev.shortener.error.RequestRejectedException;

/**
 * The zip of an xlsx body, spooled to a temporary file (a zip's directory is at its end) and deleted on close. Every
 * part is inflated as it is read, never whole, and refused (413) past {@link Limits#maxPartSize} or when it inflates
 * more than {@link Limits#maxRatio} times its compressed size: a zip bomb stops after a bounded amount of work. Parts
 * are read by a StAX parser without DTDs or external entities, and with limits on text, attributes and depth.
 */
final class XlsxPackage implements Closeable {

    /** Below this, a part may compress as well as it likes (a tiny XML of repeated tags can reach 1:200). */
    private static final long RATIO_FLOOR = 1 << 20;
    private static final Pattern PARSER_LIMIT = Pattern.compile(".*limit \\(\\d+\\) exceeded.*", Pattern.DOTALL);

    /** What one body may cost. */
    record Limits(long maxPartSize, int maxRatio, long maxSharedStringChars, int maxCellLength) {
    }

    private final Path file;
    private final ZipFile zip;
    private final Limits limits;
    private final XMLInputFactory xml;

    private XlsxPackage(Path file, ZipFile zip, Limits limits) {
        this.file = file;
        this.zip = zip;
        this.limits = limits;
        this.xml = factory(limits.maxCellLength());
    }

    /** Copies {@code body} to a temporary file and opens it as a zip; 400 when it is empty or not a zip. */
    static XlsxPackage spool(InputStream body, Limits limits) {
        Path file = null;
        try {
            file = Files.createTempFile("shortener-upload-", ".xlsx");
            long size = Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            if (size == 0) {
                throw RequestRejectedException.badRequest("empty body: send an .xlsx file");
            }
            return new XlsxPackage(file, new ZipFile(file.toFile()), limits);
        } catch (IOException e) {
            String legacy = file != null && isLegacyExcel(file)
                    ? "; it is an Excel 97-2003 .xls file: save it as .xlsx (or CSV) and send that" : "";
            deleteQuietly(file);
            if (e instanceof java.util.zip.ZipException) {
                throw unreadable("the body is not a zip (" + e.getMessage() + ")" + legacy);
            }
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /** Whether {@code file} starts with the OLE2 signature of a legacy {@code .xls} workbook. */
    private static boolean isLegacyExcel(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11
                    && (head[3] & 0xFF) == 0xE0;
        } catch (IOException e) {
            return false;
        }
    }

    Limits limits() {
        return limits;
    }

    /** Whether the package has {@code part} (a path inside the zip, without a leading {@code /}). */
    boolean has(String part) {
        return zip.getEntry(part) != null;
    }

    /** A parser over {@code part}, positioned before its root element; 400 when the part is missing. */
    XMLStreamReader open(String part) {
        ZipEntry entry = zip.getEntry(part);
        if (entry == null) {
            throw unreadable("part '" + part + "' is missing");
        }
        try {
            InputStream in = new Guarded(zip.getInputStream(entry), part, entry.getCompressedSize());
            return xml.createXMLStreamReader(in);
        } catch (IOException e) {
            throw unreadable("part '" + part + "' cannot be inflated (" + e.getMessage() + ")");
        } catch (XMLStreamException e) {
            throw refusal(part, e);
        }
    }

    /** The next parse event of {@code r} over {@code part}; a DTD is refused, parser errors become problems. */
    static int next(XMLStreamReader r, String part) {
        try {
            int event = r.next();
            if (event == XMLStreamConstants.DTD) {
                throw unreadable("part '" + part + "' has a DOCTYPE, which xlsx parts never have");
            }
            return event;
        } catch (XMLStreamException e) {
            throw refusal(part, e);
        } catch (WstxLazyException e) {
            throw refusal(part, lazy(e));
        }
    }

    /** The text of the current event (Woodstox may parse it only now). */
    static String text(XMLStreamReader r, String part) {
        try {
            return r.getText();
        } catch (WstxLazyException e) {
            throw refusal(part, lazy(e));
        }
    }

    private static XMLStreamException lazy(WstxLazyException e) {
        return e.getCause() instanceof XMLStreamException cause ? cause : new XMLStreamException(e.getMessage());
    }

    static void closeQuietly(XMLStreamReader r) {
        try {
            r.close();
        } catch (XMLStreamException e) {
            // Only read from.
        }
    }

    static RequestRejectedException unreadable(String why) {
        return RequestRejectedException.badRequest("not a readable xlsx: " + why);
    }

    private static RequestRejectedException refusal(String part, XMLStreamException e) {
        if (e.getCause() instanceof RequestRejectedException rejected) {
            return rejected;
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ").trim();
        if (PARSER_LIMIT.matcher(message).matches()) {
            return new RequestRejectedException(413, "Payload Too Large", "part '" + part + "': " + message);
        }
        return unreadable("malformed XML in part '" + part + "': " + message);
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // Only read from.
        }
        deleteQuietly(file);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    private static XMLInputFactory factory(int maxCellLength) {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        // A text longer than any cell may be is refused by the parser itself, before it is buffered whole; formulas
        // (ignored) may be longer than a cell, up to Excel's own 8192.
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, Math.max(maxCellLength, 8192) + 1);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 65_536);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 256);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 64);
        return factory;
    }

    /** Counts what a part inflates to, and stops it at the size and ratio limits. */
    private final class Guarded extends FilterInputStream {
        private final String part;
        private final long compressed;
        private long inflated;

        Guarded(InputStream in, String part, long compressed) {
            super(in);
            this.part = part;
            this.compressed = Math.max(compressed, 1);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            inflated += n;
            if (inflated > limits.maxPartSize()) {
                throw new RequestRejectedException(413, "Payload Too Large", "part '" + part + "' inflates to more "
                        + "than " + limits.maxPartSize() + " bytes (shortener.xlsx.max-part-size)");
            }
            if (inflated > RATIO_FLOOR && inflated / compressed > limits.maxRatio()) {
                throw new RequestRejectedException(413, "Payload Too Large", "part '" + part + "' inflates more "
                        + "than " + limits.maxRatio() + " times its compressed size of " + compressed + " bytes "
                        + "(shortener.xlsx.max-ratio): a zip bomb, not a spreadsheet");
            }
        }
    }
}
