package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import dev.shortener.error.RequestRejectedException;

/**
 * xlsx reading: files written by Apache POI are read by the service's own reader with the CSV rules (header, url and
 * alias columns, blank rows), cells as a spreadsheet shows them; hostile files are in {@link XlsxRefusalsTest}.
 */
class XlsxRowsTest {

    private final Ingest ingest = Read.ingest();

    private Read read(byte[] xlsx) {
        return Read.of(ingest, Ingest.XLSX, xlsx, null, 100);
    }

    private static RequestRejectedException refusal(Ingest ingest, byte[] xlsx, String sheet) {
        return assertThrows(RequestRejectedException.class, () -> Read.of(ingest, Ingest.XLSX, xlsx, sheet, 100));
    }

    @Test
    void aSheetIsReadLikeCsvWithNumbersDatesAndFormulasAsShown() {
        List<String> shown = new ArrayList<>();
        byte[] xlsx = Workbooks.poi(workbook -> {
            XSSFSheet sheet = workbook.createSheet("Links");
            // An empty first row, as above a title-less table, is skipped like a blank CSV line.
            sheet.createRow(0).createCell(0).setCellStyle(workbook.createCellStyle());
            Row header = sheet.createRow(1);
            String[] names = { "name", "URL", "alias", "price", "launched", "double", "ok" };
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            Row row = sheet.createRow(2);
            row.createCell(0).setCellValue("Acme, Inc.");
            row.createCell(1).setCellValue("https://example.com/a?x=1&y=2");
            row.createCell(2).setCellValue("acme-a");
            row.createCell(3).setCellValue(1234.5);
            row.getCell(3).setCellStyle(style(workbook, "#,##0.00"));
            row.createCell(4).setCellValue(LocalDate.of(2026, 3, 1));
            row.getCell(4).setCellStyle(style(workbook, "yyyy-mm-dd"));
            row.createCell(5).setCellFormula("D3*2");
            row.createCell(6).setCellValue(true);
            // A merged cell keeps its value in its top-left cell; the others are empty.
            sheet.createRow(3).createCell(0).setCellValue("Merged");
            sheet.getRow(3).createCell(1).setCellValue("https://example.com/b");
            sheet.createRow(4).createCell(1).setCellValue("https://example.com/c");
            sheet.addMergedRegion(new CellRangeAddress(3, 4, 0, 0));
            workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
            DataFormatter formatter = new DataFormatter(Locale.US);
            var evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            row.forEach(cell -> shown.add(formatter.formatCellValue(cell, evaluator)));
        });

        Read batch = read(xlsx);

        assertEquals(List.of("name", "URL", "alias", "price", "launched", "double", "ok"), batch.columns());
        assertEquals(List.of(3, 4, 5), batch.lines());
        assertEquals(List.of("https://example.com/a?x=1&y=2", "https://example.com/b", "https://example.com/c"),
                batch.urls());
        assertEquals(List.of("Acme, Inc.", "https://example.com/a?x=1&y=2", "acme-a", "1,234.50", "2026-03-01",
                "2469", "TRUE"), batch.rows().get(0).cells());
        assertEquals(shown, batch.rows().get(0).cells(), "as POI's DataFormatter shows them");
        assertEquals("acme-a", batch.rows().get(0).alias());
        assertEquals(List.of("Merged", "https://example.com/b"), batch.rows().get(1).cells());
        assertEquals(List.of("", "https://example.com/c"), batch.rows().get(2).cells());
        assertNull(batch.rows().get(2).alias());
    }

    @Test
    void numberFormatsShowAsPoiShowsThem() {
        String[] formats = { "0", "0.00", "#,##0", "#,##0.00", "0%", "0.00%", "0.00E+00", "m/d/yy", "d-mmm-yy",
            "mmm-yy", "h:mm AM/PM", "h:mm:ss", "m/d/yy h:mm", "dd/mm/yyyy hh:mm:ss", "mmmm d, yyyy", "dddd",
            "#,##0.00;(#,##0.00)", "\"$\"#,##0.00", "0.0\" km\"", "@" };
        // Whole seconds in the times: POI truncates a fraction of a second where Excel rounds it (as CellFormat does).
        double[] values = { 0, 1, -1, 0.5, 1234.5625, -98765.4321, 46082.75, 45000.375, 1e7 };
        List<String> expected = new ArrayList<>();
        byte[] xlsx = Workbooks.poi(workbook -> {
            XSSFSheet sheet = workbook.createSheet("Formats");
            sheet.createRow(0).createCell(0).setCellValue("url");
            DataFormatter formatter = new DataFormatter(Locale.US);
            int r = 1;
            for (String format : formats) {
                CellStyle style = style(workbook, format);
                for (double value : values) {
                    if (value < 0 && DateUtil.isADateFormat(-1, format)) {
                        continue; // Excel shows ##### for a negative date; POI a date before 1970.
                    }
                    Row row = sheet.createRow(r++);
                    row.createCell(0).setCellValue("https://example.com/" + r);
                    row.createCell(1).setCellValue(value);
                    row.getCell(1).setCellStyle(style);
                    expected.add(format + " of " + value + ": " + formatter.formatCellValue(row.getCell(1)));
                    row.createCell(2).setCellValue(format + " of " + value);
                }
            }
        });

        Read batch = Read.of(ingest, Ingest.XLSX, xlsx, null, 1000);

        List<String> actual = batch.rows().stream().map(row -> row.cells().get(2) + ": " + row.cells().get(1))
                .toList();
        assertEquals(expected, actual);
    }

    @Test
    void sheetParameterPicksASheetByNameAndAnUnknownOneListsThem() {
        byte[] xlsx = Workbooks.poi(workbook -> {
            workbook.createSheet("Notes").createRow(0).createCell(0).setCellValue("https://example.com/notes");
            XSSFSheet links = workbook.createSheet("Links 2026");
            links.createRow(0).createCell(0).setCellValue("url");
            links.createRow(1).createCell(0).setCellValue("https://example.com/links");
        });

        assertEquals(List.of("https://example.com/notes"), read(xlsx).urls());
        assertEquals(List.of("https://example.com/links"), Read.of(ingest, Ingest.XLSX, xlsx, "Links 2026", 9).urls());
        assertEquals(List.of("https://example.com/links"), Read.of(ingest, Ingest.XLSX, xlsx, "links 2026", 9).urls());
        RequestRejectedException unknown = refusal(ingest, xlsx, "Data");
        assertEquals(400, unknown.status());
        assertEquals("no sheet 'Data' in query parameter 'sheet'; the workbook has: 'Notes', 'Links 2026'",
                unknown.getMessage());
    }

    @Test
    void aSheetParameterOnACsvBodyIs400() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class, () -> Read.of(ingest,
                "text/csv", "url\nhttps://e.co/a\n".getBytes(StandardCharsets.UTF_8), "Links", 9));

        assertEquals(400, refusal.status());
    }

    @Test
    void aWorkbookWithOnlyAHeaderHasNoRows() {
        byte[] xlsx = Workbooks.poi(workbook -> workbook.createSheet("S").createRow(0).createCell(0)
                .setCellValue("url"));

        assertEquals("no URL rows in the body: only the header row was found", refusal(ingest, xlsx, null)
                .getMessage());
    }

    @Test
    void dateSerialsCountFromTheWorkbooksDateSystem() {
        assertEquals("2026-03-01", CellFormat.format("46082", "yyyy-mm-dd", false));
        assertEquals("2030-03-02", CellFormat.format("46082", "yyyy-mm-dd", true));
        assertEquals("1900-02-28", CellFormat.format("59", "yyyy-mm-dd", false));
        assertEquals(LocalDateTime.of(2026, 3, 1, 18, 0).toString().replace('T', ' '),
                CellFormat.format("46082.75", "yyyy-mm-dd hh:mm", false));
    }

    private static CellStyle style(XSSFWorkbook workbook, String format) {
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        return style;
    }
}
