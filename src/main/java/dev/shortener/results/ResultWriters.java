package dev.shortener.results;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.shortener.batch.RowResult;
import dev.shortener.config.ShortenerConfig;

/** Makes the streaming writers of results: CSV or xlsx for {@code /shorten} and job results, NDJSON for JSON jobs. */
@ApplicationScoped
public class ResultWriters {

    /** Columns appended to every output row. */
    public static final List<String> RESULT_COLUMNS = List.of("short_url", "status", "error");

    /** First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final CsvMapper csv = new CsvMapper();
    private final ObjectMapper json;
    private final boolean escapeFormulas;

    ResultWriters(ObjectMapper json, ShortenerConfig config) {
        this.json = json;
        this.escapeFormulas = config.csv().escapeFormulas();
    }

    /**
     * Comma-delimited CSV: a header of {@code columns} + result columns, then one line per row padded to width. With
     * {@code shortener.csv.escape-formulas}, a cell that a spreadsheet would run as a formula gets a leading {@code '}.
     */
    public ResultWriter csv(OutputStream out, List<String> columns) throws IOException {
        return csv(out, columns, ResultColumns.PLAIN);
    }

    /** As {@link #csv(OutputStream, List)}, with the optional {@code tagged_url} and {@code warning} columns. */
    public ResultWriter csv(OutputStream out, List<String> columns, ResultColumns optional) throws IOException {
        CsvSchema schema = CsvSchema.builder().setColumnSeparator(',').build().withoutHeader();
        // Jackson's schema refuses duplicate names; the header is written as a plain first record instead.
        SequenceWriter writer = csv.writerFor(String[].class)
                .with(schema)
                .with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValues(out);
        writer.write(header(columns, optional).stream().map(this::escape).toArray(String[]::new));
        int width = columns.size();
        return new ResultWriter() {
            @Override
            public void write(RowResult row) throws IOException {
                String[] cells = cells(row, width, optional);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = escape(cells[i]);
                }
                writer.write(cells);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    /**
     * An xlsx workbook with the same header and cells as {@link #csv}, streamed; cells are always text (a value
     * starting with {@code =} is shown, never run), so no escaping is needed.
     */
    public ResultWriter xlsx(OutputStream out, List<String> columns) {
        return xlsx(out, columns, ResultColumns.PLAIN);
    }

    /** As {@link #xlsx(OutputStream, List)}, with the optional {@code tagged_url} and {@code warning} columns. */
    public ResultWriter xlsx(OutputStream out, List<String> columns, ResultColumns optional) {
        int width = columns.size();
        return new XlsxResults(out, header(columns, optional), row -> cells(row, width, optional));
    }

    /** The header of a table answer: the input columns, then {@code optional}'s result columns. */
    private static List<String> header(List<String> columns, ResultColumns optional) {
        List<String> header = new ArrayList<>(columns);
        header.addAll(optional.after());
        return header;
    }

    /**
     * The cells of one result row, unescaped: the input cells padded to {@code width}, then the result columns in
     * {@link ResultColumns#after()} order.
     */
    private static String[] cells(RowResult row, int width, ResultColumns optional) {
        String[] cells = new String[width + optional.after().size()];
        List<String> input = row.row().cells();
        for (int i = 0; i < width; i++) {
            cells[i] = i < input.size() ? input.get(i) : "";
        }
        int results = optional.taggedUrl() ? width + 1 : width;
        if (optional.taggedUrl()) {
            cells[width] = orEmpty(row.row().taggedUrl());
        }
        cells[results] = orEmpty(row.shortUrl());
        cells[results + 1] = row.status();
        cells[results + 2] = orEmpty(row.error());
        if (optional.warning()) {
            cells[results + 3] = orEmpty(row.warning());
        }
        return cells;
    }

    private static String orEmpty(String cell) {
        return cell == null ? "" : cell;
    }

    /** {@code cell} as written to CSV: with a leading {@code '} when it would start a formula and escaping is on. */
    String escape(String cell) {
        boolean formula = escapeFormulas && !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0;
        return formula ? "'" + cell : cell;
    }

    /** JSON lines: one {@link ResultRow} object per line. */
    public ResultWriter ndjson(OutputStream out) {
        return new ResultWriter() {
            @Override
            public void write(RowResult row) throws IOException {
                out.write(json.writeValueAsBytes(ResultRow.of(row)));
                out.write('\n');
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
