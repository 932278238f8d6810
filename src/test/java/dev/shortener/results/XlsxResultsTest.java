package dev.shortener.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.TestConfig;
import dev.shortener.batch.BatchRow;
import dev.shortener.batch.RowResult;

/** xlsx results, read back with Apache POI: the CSV answer's header and cells, as text cells, over many blocks. */
class XlsxResultsTest {

    private final ResultWriters writers = new ResultWriters(new ObjectMapper(), TestConfig.shortener(Map.of()));

    @Test
    void theSheetHasTheCsvColumnsAndEveryCellIsTextNeverAFormula() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ResultWriter writer = writers.xlsx(out, List.of("name", "url"))) {
            writer.write(new RowResult(BatchRow.of(1, List.of("=HYPERLINK(\"http://evil\",\"x\")", "https://e.co/a"),
                    "https://e.co/a", null), "https://t.co/1", null));
            writer.write(new RowResult(BatchRow.of(2, List.of("B, Inc."), null, null), null, "invalid URL: no host"));
        }

        List<List<String>> rows = read(out.toByteArray());

        assertEquals(List.of(List.of("name", "url", "short_url", "status", "error"),
                List.of("=HYPERLINK(\"http://evil\",\"x\")", "https://e.co/a", "https://t.co/1", "ok", ""),
                List.of("B, Inc.", "", "", "error", "invalid URL: no host")), rows);
    }

    @Test
    void rowsAcrossManyBlocksAllArriveInOrder() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 5_000;
        try (ResultWriter writer = writers.xlsx(out, List.of("url"))) {
            for (int i = 1; i <= count; i++) {
                String url = "https://e.co/" + i;
                writer.write(new RowResult(BatchRow.of(i, List.of(url), url, null), "https://t.co/" + i, null));
            }
        }

        List<List<String>> rows = read(out.toByteArray());

        assertEquals(count + 1, rows.size());
        for (int i = 1; i <= count; i++) {
            assertEquals(List.of("https://e.co/" + i, "https://t.co/" + i, "ok", ""), rows.get(i));
        }
    }

    /** Every row of the first sheet as text; a cell that is not a string cell fails. */
    static List<List<String>> read(byte[] xlsx) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = workbook.getSheetAt(0);
            int width = sheet.getRow(0).getLastCellNum();
            List<List<String>> rows = new ArrayList<>();
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < width; c++) {
                    Cell cell = row.getCell(c);
                    if (cell != null) {
                        assertEquals(CellType.STRING, cell.getCellType(), "cell " + cell.getAddress());
                    }
                    cells.add(cell == null ? "" : cell.getStringCellValue());
                }
                rows.add(cells);
            }
            return rows;
        }
    }
}
