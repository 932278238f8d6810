package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.junit.jupiter.api.Test;

import dev.shortener.error.RequestRejectedException;

/**
 * Hostile and broken xlsx bodies: zip bombs, parts over their caps, bytes that are not a workbook, broken XML, a
 * DOCTYPE, missing shared strings, and the row and cell limits, each a 400 or 413 naming the part or the row.
 */
class XlsxRefusalsTest {

    private final Ingest ingest = Read.ingest();

    private static RequestRejectedException refusal(Ingest ingest, byte[] xlsx, String sheet) {
        return assertThrows(RequestRejectedException.class, () -> Read.of(ingest, Ingest.XLSX, xlsx, sheet, 100));
    }

    @Test
    void aHighlyCompressibleSheetIsAZipBomb413NamingThePart() {
        byte[] bomb = Workbooks.withSheetXml("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
                + "2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>https://example.com/a</t>"
                + "</is></c></row>" + "<row/>".repeat(12 << 20) + "</sheetData></worksheet>");

        RequestRejectedException refusal = refusal(ingest, bomb, null);

        assertTrue(bomb.length < 1 << 20, "the bomb is small: " + bomb.length);
        assertEquals(413, refusal.status());
        assertTrue(refusal.getMessage().startsWith("part 'xl/worksheets/sheet1.xml' inflates more than 100 times"),
                refusal.getMessage());
    }

    @Test
    void aPartLargerThanTheCapIs413() {
        byte[] xlsx = Workbooks.poi(workbook -> {
            XSSFSheet sheet = workbook.createSheet("Big");
            for (int r = 0; r < 200; r++) {
                sheet.createRow(r).createCell(0).setCellValue("https://example.com/" + r);
            }
        });

        RequestRejectedException refusal = refusal(Read.ingest("shortener.xlsx.max-part-size", "4096"), xlsx, null);

        assertEquals(413, refusal.status());
        assertTrue(refusal.getMessage().matches("part '.*' inflates to more than 4096 bytes "
                + "\\(shortener.xlsx.max-part-size\\)"), refusal.getMessage());
    }

    @Test
    void sharedStringsBeyondTheirBudgetAre413() {
        byte[] xlsx = Workbooks.poi(workbook -> workbook.createSheet("S").createRow(0).createCell(0)
                .setCellValue("https://example.com/a-long-enough-url"));

        RequestRejectedException refusal = refusal(Read.ingest("shortener.xlsx.max-shared-string-chars", "10"), xlsx,
                null);

        assertEquals(413, refusal.status());
        assertTrue(refusal.getMessage().contains("xl/sharedStrings.xml"), refusal.getMessage());
    }

    @Test
    void bytesThatAreNotAZipAre400() {
        RequestRejectedException refusal = refusal(ingest, "url\nhttps://e.co/a\n".getBytes(StandardCharsets.UTF_8),
                null);

        assertEquals(400, refusal.status());
        assertTrue(refusal.getMessage().startsWith("not a readable xlsx: the body is not a zip"), refusal.getMessage());
    }

    @Test
    void aLegacyXlsFileIsToldToBeSavedAsXlsx() {
        byte[] xls = Workbooks.legacyXls("https://example.com/old");

        RequestRejectedException refusal = refusal(ingest, xls, null);

        assertEquals(400, refusal.status());
        assertTrue(refusal.getMessage().endsWith("it is an Excel 97-2003 .xls file: save it as .xlsx (or CSV) and send "
                + "that"), refusal.getMessage());
    }

    @Test
    void brokenXmlADoctypeAndAMissingSharedStringAre400NamingThePart() {
        String start = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
        byte[] broken = Workbooks.withSheetXml(start + "<row r=\"1\"><c r=\"A1\"><v>1</c></row>");
        byte[] doctype = Workbooks.withSheetXml("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + start
                + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&e;</t></is></c></row></sheetData></worksheet>");
        byte[] missing = Workbooks.withSheetXml(start + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>2000000000</v></c></row>"
                + "</sheetData></worksheet>");

        for (byte[] xlsx : List.of(broken, doctype, missing)) {
            RequestRejectedException refusal = refusal(ingest, xlsx, null);
            assertEquals(400, refusal.status(), refusal.getMessage());
            assertTrue(refusal.getMessage().startsWith("not a readable xlsx: "), refusal.getMessage());
        }
        assertTrue(refusal(ingest, broken, null).getMessage().contains("part 'xl/worksheets/sheet1.xml'"));
    }

    @Test
    void cellLimitsNameTheRowAndColumn() {
        byte[] xlsx = Workbooks.poi(workbook -> {
            XSSFSheet sheet = workbook.createSheet("S");
            sheet.createRow(0).createCell(0).setCellValue("https://example.com/a");
            sheet.createRow(4).createCell(2).setCellValue("x".repeat(200));
        });

        RequestRejectedException tooLong = refusal(Read.ingest("shortener.csv.max-cell-length", "100"), xlsx, null);
        RequestRejectedException tooWide = refusal(Read.ingest("shortener.csv.max-columns", "2"), xlsx, null);

        assertEquals(413, tooLong.status());
        assertTrue(tooLong.getMessage().startsWith("row 5, column 3: a cell longer than 100 characters"),
                tooLong.getMessage());
        assertEquals("row 5 has more than 2 columns (shortener.csv.max-columns)", tooWide.getMessage());
    }

    @Test
    void theRowLimitNamesTheSheetRow() {
        byte[] xlsx = Workbooks.poi(workbook -> {
            XSSFSheet sheet = workbook.createSheet("S");
            for (int r = 0; r < 5; r++) {
                sheet.createRow(r * 2).createCell(0).setCellValue("https://example.com/" + r);
            }
        });

        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, Ingest.XLSX, xlsx, null, 3));

        assertEquals(413, refusal.status());
        assertTrue(refusal.getMessage().contains("limit crossed at row 7"), refusal.getMessage());
    }
}
