package dev.shortener.ingest;

import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.junit.jupiter.api.Test;

import dev.shortener.JobsFixtures;
import dev.shortener.results.XlsxResultsTestAccess;
import io.quarkus.test.junit.QuarkusTest;

/** Excel in, Excel out through the real server: /shorten and jobs, negotiation, and hostile files as problems. */
@QuarkusTest
class XlsxHttpTest {

    private static byte[] workbook(String... urls) {
        return Workbooks.poi(workbook -> {
            XSSFSheet sheet = workbook.createSheet("Campaign");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("name");
            header.createCell(1).setCellValue("url");
            for (int i = 0; i < urls.length; i++) {
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue("=not a formula " + i);
                row.createCell(1).setCellValue(urls[i]);
            }
        });
    }

    private static String unique(String what) {
        return "https://example.com/xlsx/" + what + "/" + UUID.randomUUID();
    }

    @Test
    void anXlsxBodyIsAnsweredAsXlsxWithTheSameColumnsPlusResults() throws IOException {
        String a = unique("a");
        String b = unique("b");

        byte[] answer = request().contentType(Ingest.XLSX).body(workbook(a, b))
                .post("/shorten")
                .then().statusCode(200)
                .contentType(Ingest.XLSX)
                .extract().asByteArray();

        assertEquals(List.of(List.of("name", "url", "short_url", "status", "error"),
                List.of("=not a formula 0", a, stubShortUrl(a), "ok", ""),
                List.of("=not a formula 1", b, stubShortUrl(b), "ok", "")), XlsxResultsTestAccess.read(answer));
    }

    @Test
    void acceptTextCsvOrJsonAnswersThoseForAnXlsxBody() {
        String a = unique("csv");

        request().contentType(Ingest.XLSX).accept("text/csv").body(workbook(a))
                .post("/shorten")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(equalTo("name,url,short_url,status,error\n'=not a formula 0," + a + "," + stubShortUrl(a)
                        + ",ok,\n"));
        request().contentType(Ingest.XLSX).accept("application/json").body(workbook(a))
                .post("/shorten")
                .then().statusCode(200)
                .body("rows[0].line", equalTo(2))
                .body("rows[0].short_url", equalTo(stubShortUrl(a)));
    }

    @Test
    void aCsvBodyAnswersXlsxWhenAskedFor() throws IOException {
        String a = unique("from-csv");

        byte[] answer = request().contentType("text/csv").accept(Ingest.XLSX).body("url\n" + a + "\n")
                .post("/shorten")
                .then().statusCode(200)
                .contentType(Ingest.XLSX)
                .extract().asByteArray();

        assertEquals(List.of(List.of("url", "short_url", "status", "error"), List.of(a, stubShortUrl(a), "ok", "")),
                XlsxResultsTestAccess.read(answer));
    }

    @Test
    void anUnknownSheetIs400ListingTheSheets() {
        request().contentType(Ingest.XLSX).body(workbook(unique("sheet")))
                .post("/shorten?sheet=Other")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("no sheet 'Other' in query parameter 'sheet'; the workbook has: 'Campaign'"));
    }

    @Test
    void aZipBombIs413AndGarbageIs400() {
        byte[] bomb = Workbooks.withSheetXml("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
                + "2006/main\"><sheetData>" + "<row/>".repeat(12 << 20) + "</sheetData></worksheet>");

        request().contentType(Ingest.XLSX).body(bomb)
                .post("/shorten")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("detail", startsWith("part 'xl/worksheets/sheet1.xml' inflates more than 100 times"));
        request().contentType(Ingest.XLSX).body("not a workbook".getBytes(StandardCharsets.UTF_8))
                .post("/jobs")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", startsWith("not a readable xlsx: the body is not a zip"));
    }

    @Test
    void aJobWithAnXlsxBodyHasAnXlsxResultUnlessCsvIsAsked() throws IOException {
        String a = unique("job-a");
        String b = unique("job-b");
        String id = request().contentType(Ingest.XLSX).body(workbook(a, b))
                .post("/jobs?sheet=campaign")
                .then().statusCode(202)
                .body("rows.total", equalTo(2))
                .extract().path("id");
        JobsFixtures.awaitStatus(id, s -> s.getString("state").equals("succeeded"));

        byte[] result = request().get("/jobs/" + id + "/result")
                .then().statusCode(200)
                .contentType(Ingest.XLSX)
                .header("Content-Disposition", "attachment; filename=\"job-" + id + ".xlsx\"")
                .extract().asByteArray();

        assertEquals(List.of(List.of("name", "url", "short_url", "status", "error"),
                List.of("=not a formula 0", a, stubShortUrl(a), "ok", ""),
                List.of("=not a formula 1", b, stubShortUrl(b), "ok", "")), XlsxResultsTestAccess.read(result));
        request().accept("text/csv").get("/jobs/" + id + "/result")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(startsWith("name,url,short_url,status,error\n'=not a formula 0," + a + ","));
    }

    @Test
    void aSheetWithLinkFieldsAndUtmParametersAnswersTaggedUrlAndWarningColumns() throws IOException {
        String a = unique("utm-a");
        String b = unique("utm-b");
        String c = unique("utm-c");
        byte[] body = Workbooks.poi(workbook -> {
            XSSFSheet sheet = workbook.createSheet("Links");
            CellStyle usDate = workbook.createCellStyle();
            usDate.setDataFormat(workbook.createDataFormat().getFormat("m/d/yy"));
            List<String> header = List.of("url", "Tags", "expires_at", "warning");
            Row first = sheet.createRow(0);
            for (int i = 0; i < header.size(); i++) {
                first.createCell(i).setCellValue(header.get(i));
            }
            sheet.createRow(1).createCell(0).setCellValue(a);
            sheet.getRow(1).createCell(1).setCellValue("spring;email");
            sheet.getRow(1).createCell(3).setCellValue("an earlier answer's warning");
            sheet.createRow(2).createCell(0).setCellValue(b);
            sheet.createRow(3).createCell(0).setCellValue(c);
            sheet.getRow(3).createCell(2).setCellValue(LocalDate.of(2099, 1, 31));
            sheet.getRow(3).getCell(2).setCellStyle(usDate);
        });

        for (String path : List.of("/shorten", "/jobs")) {
            byte[] answer = xlsxAnswer(path, body);

            List<List<String>> rows = XlsxResultsTestAccess.read(answer);
            assertEquals(List.of("url", "Tags", "expires_at", "tagged_url", "short_url", "status", "error", "warning"),
                    rows.get(0), path);
            assertEquals(List.of(a, "spring;email", "", a + "?utm_source=x", stubShortUrl(a + "?utm_source=x"), "ok",
                    "", "tinyurl-legacy takes no tags: ignored"), rows.get(1), path);
            assertEquals(List.of(b, "", "", b + "?utm_source=x", stubShortUrl(b + "?utm_source=x"), "ok", "", ""),
                    rows.get(2), path);
            // A date cell is read as shown, so a US-formatted expiry is a row error naming what the sheet shows.
            assertEquals(List.of(c, "", "1/31/99", c + "?utm_source=x", "", "error"), rows.get(3).subList(0, 6), path);
            assertTrue(rows.get(3).get(6).startsWith("expires_at '1/31/99' is not an ISO-8601 instant"), path);
        }
    }

    /** The xlsx answer of {@code body} posted to {@code path} with {@code ?utm_source=x} (a job: its result). */
    private static byte[] xlsxAnswer(String path, byte[] body) {
        if (path.equals("/shorten")) {
            return request().contentType(Ingest.XLSX).body(body).post("/shorten?utm_source=x")
                    .then().statusCode(200).contentType(Ingest.XLSX).extract().asByteArray();
        }
        String id = request().contentType(Ingest.XLSX).body(body).post("/jobs?utm_source=x&sheet=Links")
                .then().statusCode(202).extract().path("id");
        JobsFixtures.awaitStatus(id, s -> s.getString("state").equals("succeeded"));
        return request().get("/jobs/" + id + "/result")
                .then().statusCode(200).contentType(Ingest.XLSX).extract().asByteArray();
    }
}
