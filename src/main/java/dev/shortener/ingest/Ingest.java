package dev.shortener.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;
import dev.shortener.csv.CsvBatchReader;
import dev.shortener.csv.JsonBatchReader;
import dev.shortener.csv.PlainTextBatchReader;
import dev.shortener.error.RequestRejectedException;

/**
 * Opens a request body as a {@link RowSource}. Interim implementation over the whole-body readers; the streaming
 * readers replace it behind the same signature.
 */
@ApplicationScoped
public class Ingest {

    private final CsvBatchReader csv;
    private final PlainTextBatchReader text;
    private final JsonBatchReader json;

    Ingest(CsvBatchReader csv, PlainTextBatchReader text, JsonBatchReader json) {
        this.csv = csv;
        this.text = text;
        this.json = json;
    }

    /**
     * Opens {@code body} sent with {@code contentType} (format and charset); at most {@code maxRows} data rows.
     * Throws {@link dev.shortener.error.RequestRejectedException} (415 for the type or charset, 400, 413).
     */
    public RowSource open(InputStream body, String contentType, int maxRows) {
        Batch.InputFormat format = inputFormat(contentType);
        String whole;
        try {
            String charset = MediaType.valueOf(contentType).getParameters().get(MediaType.CHARSET_PARAMETER);
            whole = new String(body.readAllBytes(), charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Batch batch = switch (format) {
            case CSV -> csv.read(whole);
            case PLAIN_TEXT -> text.read(whole);
            case JSON -> json.read(whole);
        };
        Iterator<BatchRow> rows = batch.rows().iterator();
        return new RowSource() {
            @Override
            public Batch.InputFormat format() {
                return batch.format();
            }

            @Override
            public List<String> columns() {
                return batch.columns();
            }

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public BatchRow next() {
                return rows.next();
            }

            @Override
            public void close() {
            }
        };
    }

    /** The body's format from its Content-Type; 415 for a missing, unreadable or unsupported one. */
    public static Batch.InputFormat inputFormat(String contentType) {
        String hint = "send text/csv, text/plain or application/json (e.g. curl -H 'Content-Type: text/csv' "
                + "--data-binary @urls.csv)";
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
                    "unknown charset '" + charset + "' in Content-Type; send UTF-8");
        }
        String essence = (type.getType() + "/" + type.getSubtype()).toLowerCase();
        return switch (essence) {
            case "text/csv", "application/csv", "text/comma-separated-values" -> Batch.InputFormat.CSV;
            case "text/plain" -> Batch.InputFormat.PLAIN_TEXT;
            case "application/json" -> Batch.InputFormat.JSON;
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
}
