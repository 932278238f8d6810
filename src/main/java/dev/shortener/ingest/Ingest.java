package dev.shortener.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;

import dev.shortener.batch.Batch;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.error.RequestRejectedException;

/**
 * Opens a request body as a {@link RowSource} that reads it as it arrives: memory holds one row (and the first
 * {@value CsvRows#SAMPLE_CHARS} characters of a CSV body, to pick its delimiter; the shared strings of an xlsx body,
 * which is spooled to a temporary file first), whatever the number of rows.
 */
@ApplicationScoped
public class Ingest {

    /** JSON nesting accepted inside one array element; a URL list needs two levels. */
    private static final int MAX_JSON_DEPTH = 64;

    /** The Content-Type of an Excel workbook (.xlsx). */
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final int maxColumns;
    private final int maxCellLength;
    private final XlsxPackage.Limits xlsx;
    private final CsvFactory csv;
    private final ObjectMapper json;

    Ingest(ShortenerConfig config) {
        this.maxColumns = config.csv().maxColumns();
        this.maxCellLength = config.csv().maxCellLength();
        this.xlsx = new XlsxPackage.Limits(config.xlsx().maxPartSize(), config.xlsx().maxRatio(),
                config.xlsx().maxSharedStringChars(), maxCellLength);
        // Jackson itself stops a long string at the limit, before it is buffered whole.
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxStringLength(maxCellLength)
                .maxNestingDepth(MAX_JSON_DEPTH)
                .build();
        this.csv = CsvFactory.builder().streamReadConstraints(limits).build();
        this.json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(limits).build());
    }

    /**
     * Opens {@code body} sent with {@code contentType} (format and charset); at most {@code maxRows} data rows.
     * Throws {@link dev.shortener.error.RequestRejectedException} (415 for the type or charset, 400, 413), here or
     * while iterating.
     */
    public RowSource open(InputStream body, String contentType, int maxRows) {
        return open(body, contentType, null, maxRows);
    }

    /** As {@link #open(InputStream, String, int)}; {@code sheet} names the sheet of an xlsx body (null: the first). */
    public RowSource open(InputStream body, String contentType, String sheet, int maxRows) {
        Batch.InputFormat format = inputFormat(contentType);
        if (format == Batch.InputFormat.XLSX) {
            return XlsxRows.open(body, sheet, xlsx, maxRows, maxColumns);
        }
        if (sheet != null) {
            throw RequestRejectedException.badRequest("query parameter 'sheet' names a sheet of an xlsx body; this "
                    + "body is " + MediaType.valueOf(contentType).getSubtype());
        }
        DecodingReader reader = BodyDecoder.open(body, contentType);
        try {
            return switch (format) {
                case CSV -> CsvRows.open(reader, csv, maxRows, maxColumns, maxCellLength);
                case PLAIN_TEXT -> new TextRows(reader, maxRows, maxCellLength);
                case JSON -> new JsonRows(reader, json, maxRows);
                case XLSX -> throw new IllegalStateException("opened above");
            };
        } catch (IOException e) {
            closeQuietly(reader);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    /** The body's format from its Content-Type; 415 for a missing, unreadable or unsupported one. */
    public static Batch.InputFormat inputFormat(String contentType) {
        String hint = "send text/csv, text/plain, application/json or " + XLSX + " (e.g. curl -H "
                + "'Content-Type: text/csv' --data-binary @urls.csv)";
        if (contentType == null || contentType.isBlank()) {
            throw new RequestRejectedException(415, "Unsupported Media Type", "missing Content-Type header: " + hint);
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw new RequestRejectedException(415, "Unsupported Media Type",
                    "unreadable Content-Type '" + contentType + "': " + hint);
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !isSupported(charset)) {
            throw new RequestRejectedException(415, "Unsupported Media Type",
                    "unknown charset '" + charset + "' in Content-Type; send UTF-8 (or name a charset Java knows, "
                            + "e.g. windows-1252)");
        }
        String essence = (type.getType() + "/" + type.getSubtype()).toLowerCase();
        return switch (essence) {
            case "text/csv", "application/csv", "text/comma-separated-values" -> Batch.InputFormat.CSV;
            case "text/plain" -> Batch.InputFormat.PLAIN_TEXT;
            case "application/json" -> Batch.InputFormat.JSON;
            case XLSX -> Batch.InputFormat.XLSX;
            default -> throw new RequestRejectedException(415, "Unsupported Media Type",
                    "Content-Type '" + essence + "' is not supported: " + hint);
        };
    }

    private static boolean isSupported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalArgumentException illegalName) {
            return false;
        }
    }

    private static void closeQuietly(DecodingReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // Only read from: nothing is lost.
        }
    }
}
