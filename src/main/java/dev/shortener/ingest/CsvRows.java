package dev.shortener.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    static final int SAMPLE_CHARS = 64 * 1024;
    /** Excel's first line naming the delimiter, e.g. {@code sep=;} in European CSV exports. */
    private static final Pattern EXCEL_SEPARATOR = Pattern.compile("(?i)sep=([^\\r\\n\"])[ \\t]*(?:\\r\\n|\\n|\\r|$)");

    private final CsvParser parser;
    private final int lineOffset;
    private final TableRules table;

    private CsvRows(BufferedReader body, CsvParser parser, int lineOffset, int maxRows, int maxColumns,
            int maxCellLength) {
        super(Batch.InputFormat.CSV, body, maxRows);
        this.parser = parser;
        this.lineOffset = lineOffset;
        this.table = new TableRules("line", maxColumns, maxCellLength);
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
                    throw table.noRows();
                }
                return null;
            }
            line = parser.currentLocation().getLineNr() + lineOffset;
            List<String> cells = new ArrayList<>();
            while (nextToken(line, cells.size()) == JsonToken.VALUE_STRING) {
                table.checkWidth(line, cells.size());
                String cell = parser.getText();
                table.checkLength(line, cells.size() + 1, cell);
                cells.add(cell);
            }
            BatchRow row = table.accept(line, cells);
            if (row != null) {
                return row;
            }
        }
    }

    @Override
    public List<String> columns() {
        return table.columns();
    }

    @Override
    public void close() {
        closeQuietly(parser);
        super.close();
    }

    /** The next token, with Jackson's refusals turned into problems naming the record's line. */
    private JsonToken nextToken(int recordLine, int cellsSoFar) throws IOException {
        try {
            return parser.nextToken();
        } catch (StreamConstraintsException e) {
            throw table.cellTooLong(recordLine, cellsSoFar + 1);
        } catch (JsonProcessingException e) {
            int errorLine = e.getLocation() == null ? recordLine : e.getLocation().getLineNr() + lineOffset;
            String where = errorLine > recordLine ? "record starting at line " + recordLine + " (error at line "
                    + errorLine + ")" : "line " + recordLine;
            throw RequestRejectedException.badRequest("malformed CSV at " + where + ": " + e.getOriginalMessage());
        }
    }
}
