package dev.shortener.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;
import dev.shortener.error.RequestRejectedException;

/**
 * A CSV body (RFC 4180 quoting, CRLF/LF, {@code , ; tab} or Excel's {@code sep=} line) read record by record with
 * Jackson's streaming CSV parser. Only the first {@value #SAMPLE_CHARS} characters are looked at twice, to pick the
 * delimiter; a row is never padded: {@link #columns()} widens instead.
 */
final class CsvRows extends StreamingRows {

    /** Header names (normalised) that mark the URL column. */
    static final Set<String> URL_HEADERS = Set.of("url", "longurl", "link", "target", "destination", "originalurl");
    /** Header names (normalised) of the link fields, in {@code tags, expires_at, title} order. */
    static final List<String> FIELD_HEADERS = List.of("tags", "expiresat", "title");
    /** Output columns the service writes itself; an input column of the same name is replaced, not duplicated. */
    static final Set<String> RESULT_COLUMNS = Set.of("shorturl", "status", "error", "taggedurl", "warning");

    static final int SAMPLE_CHARS = 64 * 1024;
    /** Excel's first line naming the delimiter, e.g. {@code sep=;} in European CSV exports. */
    private static final Pattern EXCEL_SEPARATOR = Pattern.compile("(?i)sep=([^\\r\\n\"])[ \\t]*(?:\\r\\n|\\n|\\r|$)");

    private final CsvParser parser;
    private final int lineOffset;
    private final int maxColumns;
    private final int maxCellLength;
    private Header header;
    private boolean firstRecord = true;
    private int widest;

    private CsvRows(BufferedReader body, CsvParser parser, int lineOffset, int maxRows, int maxColumns,
            int maxCellLength) {
        super(Batch.InputFormat.CSV, body, maxRows);
        this.parser = parser;
        this.lineOffset = lineOffset;
        this.maxColumns = maxColumns;
        this.maxCellLength = maxCellLength;
    }

    /** Picks the delimiter from the first lines of {@code body} and opens it; 400 for a body with nothing in it. */
    static CsvRows open(DecodingReader body, CsvFactory factory, int maxRows, int maxColumns, int maxCellLength)
            throws IOException {
        BufferedReader in = new BufferedReader(body, SAMPLE_CHARS);
        in.mark(SAMPLE_CHARS);
        char[] sample = new char[SAMPLE_CHARS];
        int length = 0;
        for (int n; length < SAMPLE_CHARS && (n = in.read(sample, length, SAMPLE_CHARS - length)) >= 0;) {
            length += n;
        }
        in.reset();
        String prefix = new String(sample, 0, length);
        if (length < SAMPLE_CHARS && prefix.isBlank()) {
            throw RequestRejectedException.badRequest("empty body: send CSV with one URL per row");
        }
        Matcher excel = EXCEL_SEPARATOR.matcher(prefix);
        char delimiter;
        int lineOffset = 0;
        if (excel.lookingAt()) {
            delimiter = excel.group(1).charAt(0);
            in.readLine();
            lineOffset = 1;
        } else {
            delimiter = DelimiterDetector.detect(prefix);
        }
        CsvParser parser = (CsvParser) factory.createParser(in);
        parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter));
        parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        return new CsvRows(in, parser, lineOffset, maxRows, maxColumns, maxCellLength);
    }

    @Override
    BatchRow readRow() throws IOException {
        while (true) {
            int line = parser.currentLocation().getLineNr() + lineOffset;
            JsonToken token = nextToken(line, 0);
            if (token == null) {
                if (rowsRead() == 0) {
                    throw RequestRejectedException.badRequest(header == null ? "no URL rows in the body"
                            : "no URL rows in the body: only the header line was found");
                }
                return null;
            }
            line = parser.currentLocation().getLineNr() + lineOffset;
            List<String> cells = new ArrayList<>();
            boolean blank = true;
            while (nextToken(line, cells.size()) == JsonToken.VALUE_STRING) {
                if (cells.size() == maxColumns) {
                    throw new RequestRejectedException(413, "Payload Too Large", "line " + line + " has more than "
                            + maxColumns + " columns (shortener.csv.max-columns)");
                }
                String cell = parser.getText();
                if (cell.length() > maxCellLength) {
                    throw cellTooLong(line, cells.size() + 1);
                }
                blank &= cell.isBlank();
                cells.add(cell);
            }
            if (blank) {
                continue;
            }
            if (firstRecord) {
                firstRecord = false;
                header = Header.detect(cells);
                if (header != null) {
                    continue;
                }
            }
            return toRow(line, cells);
        }
    }

    @Override
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        if (header == null) {
            columns.add("url");
            for (int i = 2; i <= widest; i++) {
                columns.add("column_" + i);
            }
            return columns;
        }
        int width = Math.max(widest, header.names().size());
        for (int i = 0; i < width; i++) {
            if (i >= header.names().size()) {
                columns.add("column_" + (i + 1));
            } else if (!header.dropped(i)) {
                columns.add(header.names().get(i).trim());
            }
        }
        return columns;
    }

    @Override
    public void close() {
        closeQuietly(parser);
        super.close();
    }

    private BatchRow toRow(int line, List<String> cells) {
        widest = Math.max(widest, cells.size());
        int urlColumn = header == null ? 0 : header.urlColumn();
        int aliasColumn = header == null ? -1 : header.aliasColumn();
        String url = urlColumn < cells.size() ? cells.get(urlColumn).trim() : "";
        String alias = cell(cells, aliasColumn);
        List<String> kept = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            if (header == null || !header.dropped(i)) {
                kept.add(cells.get(i));
            }
        }
        if (header == null || !header.hasFields()) {
            return BatchRow.of(line, List.copyOf(kept), url, alias);
        }
        int[] fields = header.fieldColumns();
        return BatchRow.of(line, List.copyOf(kept), url, alias, cell(cells, fields[0]), cell(cells, fields[1]),
                cell(cells, fields[2]));
    }

    private static String cell(List<String> cells, int column) {
        return column >= 0 && column < cells.size() ? cells.get(column) : null;
    }

    /** The next token, with Jackson's refusals turned into problems naming the record's line. */
    private JsonToken nextToken(int recordLine, int cellsSoFar) throws IOException {
        try {
            return parser.nextToken();
        } catch (StreamConstraintsException e) {
            throw cellTooLong(recordLine, cellsSoFar + 1);
        } catch (JsonProcessingException e) {
            int errorLine = e.getLocation() == null ? recordLine : e.getLocation().getLineNr() + lineOffset;
            String where = errorLine > recordLine ? "record starting at line " + recordLine + " (error at line "
                    + errorLine + ")" : "line " + recordLine;
            throw RequestRejectedException.badRequest("malformed CSV at " + where + ": " + e.getOriginalMessage());
        }
    }

    private RequestRejectedException cellTooLong(int line, int column) {
        return new RequestRejectedException(413, "Payload Too Large", "line " + line + ", column " + column
                + ": a cell longer than " + maxCellLength + " characters (shortener.csv.max-cell-length)");
    }

    static String normalise(String headerCell) {
        return headerCell.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "").trim();
    }

    /**
     * A detected header row: its names, where the URL, alias and link fields ({@link #FIELD_HEADERS} order, -1 for
     * absent) are, and which columns the answer replaces.
     */
    private record Header(List<String> names, int urlColumn, int aliasColumn, int[] fieldColumns,
            Set<Integer> replaced) {

        static Header detect(List<String> cells) {
            int url = -1;
            int alias = -1;
            int[] fields = { -1, -1, -1 };
            Set<Integer> replaced = new HashSet<>();
            for (int i = 0; i < cells.size(); i++) {
                String name = normalise(cells.get(i));
                int field = FIELD_HEADERS.indexOf(name);
                if (url < 0 && URL_HEADERS.contains(name)) {
                    url = i;
                } else if (alias < 0 && name.equals("alias")) {
                    alias = i;
                } else if (field >= 0 && fields[field] < 0) {
                    fields[field] = i;
                } else if (RESULT_COLUMNS.contains(name)) {
                    replaced.add(i);
                }
            }
            return url < 0 ? null : new Header(List.copyOf(cells), url, alias, fields, Set.copyOf(replaced));
        }

        boolean hasFields() {
            return fieldColumns[0] >= 0 || fieldColumns[1] >= 0 || fieldColumns[2] >= 0;
        }

        boolean dropped(int column) {
            return replaced.contains(column);
        }
    }
}
