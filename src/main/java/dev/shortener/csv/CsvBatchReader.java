package dev.shortener.csv;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.shortener.batch.Batch;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.batch.BatchRow;
import dev.shortener.config.ShortenerConfig;

/** Reads a CSV body (RFC 4180 quoting, BOM, CRLF/LF, {@code , ; tab}) into a {@link Batch}. */
@ApplicationScoped
public class CsvBatchReader {

    /** Header names (normalised) that mark the URL column. */
    static final Set<String> URL_HEADERS = Set.of("url", "longurl", "link", "target", "destination", "originalurl");
    /** Output columns the service writes itself; an input column of the same name is replaced, not duplicated. */
    static final Set<String> RESULT_COLUMNS = Set.of("shorturl", "status", "error");

    private final CsvMapper mapper = new CsvMapper();
    private final ShortenerConfig config;

    CsvBatchReader(ShortenerConfig config) {
        this.config = config;
    }

    /** Parses {@code text}; throws {@link RequestRejectedException} for an empty, malformed or oversized body. */
    public Batch read(String text) {
        String body = Bodies.stripBom(text);
        if (body.isBlank()) {
            throw RequestRejectedException.badRequest("empty body: send CSV with one URL per row");
        }
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(DelimiterDetector.detect(body));
        List<BatchRow> rows = new ArrayList<>();
        Header header = null;
        int widest = 0;
        try (MappingIterator<String[]> records = mapper.readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                .with(schema)
                .readValues(body)) {
            int line = 1;
            while (true) {
                String[] cells;
                try {
                    if (!records.hasNextValue()) {
                        break;
                    }
                    cells = records.nextValue();
                } catch (JsonProcessingException e) {
                    throw malformed(e, line);
                }
                int recordLine = line;
                line = records.getCurrentLocation().getLineNr();
                if (Arrays.stream(cells).allMatch(String::isBlank)) {
                    continue;
                }
                if (header == null && rows.isEmpty()) {
                    header = Header.detect(cells);
                    if (header != null) {
                        continue;
                    }
                }
                if (rows.size() >= config.maxRows()) {
                    throw RequestRejectedException.tooManyRows(config.maxRows(), "limit crossed at line " + recordLine);
                }
                widest = Math.max(widest, cells.length);
                rows.add(toRow(recordLine, cells, header));
            }
        } catch (IOException e) {
            throw RequestRejectedException.badRequest("unreadable CSV: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw RequestRejectedException.badRequest(header == null ? "no URL rows in the body"
                    : "no URL rows in the body: only the header line was found");
        }
        return header == null ? headerless(rows, widest) : header.batch(rows, widest);
    }

    private static BatchRow toRow(int line, String[] cells, Header header) {
        int urlColumn = header == null ? 0 : header.urlColumn;
        int aliasColumn = header == null ? -1 : header.aliasColumn;
        String url = urlColumn < cells.length ? cells[urlColumn].trim() : "";
        String alias = aliasColumn >= 0 && aliasColumn < cells.length ? cells[aliasColumn] : null;
        return BatchRow.of(line, List.of(cells), url, alias);
    }

    private static Batch headerless(List<BatchRow> rows, int widest) {
        List<String> columns = new ArrayList<>();
        columns.add("url");
        for (int i = 2; i <= widest; i++) {
            columns.add("column_" + i);
        }
        return new Batch(Batch.InputFormat.CSV, columns, pad(rows, widest, List.of()));
    }

    /** Makes every row as wide as the widest one, dropping the columns the service writes itself. */
    private static List<BatchRow> pad(List<BatchRow> rows, int width, List<Integer> dropped) {
        List<BatchRow> padded = new ArrayList<>(rows.size());
        for (BatchRow row : rows) {
            List<String> cells = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                if (!dropped.contains(i)) {
                    cells.add(i < row.cells().size() ? row.cells().get(i) : "");
                }
            }
            padded.add(new BatchRow(row.line(), cells, row.url(), row.alias(), row.inputError()));
        }
        return padded;
    }

    private static RequestRejectedException malformed(JsonProcessingException e, int recordLine) {
        int errorLine = e.getLocation() == null ? recordLine : e.getLocation().getLineNr();
        String where = errorLine > recordLine ? "record starting at line " + recordLine + " (error at line "
                + errorLine + ")" : "line " + recordLine;
        return RequestRejectedException.badRequest("malformed CSV at " + where + ": " + e.getOriginalMessage());
    }

    static String normalise(String headerCell) {
        return headerCell.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "").trim();
    }

    /** A detected header row. */
    private record Header(String[] names, int urlColumn, int aliasColumn) {

        static Header detect(String[] cells) {
            int url = -1;
            int alias = -1;
            for (int i = 0; i < cells.length; i++) {
                String name = normalise(Bodies.stripBom(cells[i]));
                if (url < 0 && URL_HEADERS.contains(name)) {
                    url = i;
                } else if (alias < 0 && name.equals("alias")) {
                    alias = i;
                }
            }
            return url < 0 ? null : new Header(cells, url, alias);
        }

        Batch batch(List<BatchRow> rows, int widest) {
            int width = Math.max(widest, names.length);
            List<String> columns = new ArrayList<>();
            List<Integer> dropped = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                String name = i < names.length ? names[i].trim() : "column_" + (i + 1);
                if (RESULT_COLUMNS.contains(normalise(name))) {
                    dropped.add(i);
                } else {
                    columns.add(name);
                }
            }
            return new Batch(Batch.InputFormat.CSV, columns, pad(rows, width, dropped));
        }
    }
}
