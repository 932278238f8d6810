package dev.shortener.csv;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.shortener.batch.BatchResult;
import dev.shortener.batch.RowResult;

/** Writes a result as comma-delimited CSV: the input columns, then {@code short_url, status, error}. */
@ApplicationScoped
public class CsvBatchWriter {

    /** Columns appended to every output row. */
    public static final List<String> RESULT_COLUMNS = List.of("short_url", "status", "error");

    private final CsvMapper mapper = new CsvMapper();

    /** Streams {@code result} to {@code out}, one line per input row, in input order. */
    public void write(BatchResult result, OutputStream out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setColumnSeparator(',');
        List<String> header = new ArrayList<>(result.batch().columns());
        header.addAll(RESULT_COLUMNS);
        // Jackson's schema refuses duplicate names; headers are written as a plain first record instead.
        try (SequenceWriter writer = mapper.writerFor(String[].class)
                .with(schema.build().withoutHeader())
                .with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
                .writeValues(out)) {
            writer.write(header.toArray(String[]::new));
            for (RowResult row : result.results()) {
                List<String> cells = new ArrayList<>(row.row().cells());
                cells.add(row.shortUrl() == null ? "" : row.shortUrl());
                cells.add(row.status());
                cells.add(row.error() == null ? "" : row.error());
                writer.write(cells.toArray(String[]::new));
            }
        }
    }
}
