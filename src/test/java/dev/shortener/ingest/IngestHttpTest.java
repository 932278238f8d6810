package dev.shortener.ingest;

import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Files as people export them, the body limits and CSV-injection escaping, through the real POST /shorten. */
@QuarkusTest
class IngestHttpTest {

    @Test
    void excelUnicodeTextExportIsReadAndAnsweredInUtf8() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xFE });
        body.writeBytes("name\tURL\r\nZoë\thttps://example.com/utf16\r\n".getBytes(StandardCharsets.UTF_16LE));

        request().contentType("text/csv").body(body.toByteArray())
                .post("/shorten")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(equalTo("name,URL,short_url,status,error\n"
                        + "Zoë,https://example.com/utf16," + stubShortUrl("https://example.com/utf16") + ",ok,\n"));
    }

    @Test
    void europeanExcelCsvWithSepLineUsesItsDelimiter() {
        request().contentType("text/csv").body("sep=;\r\nname;url\r\nA, B;https://example.com/sep\r\n")
                .post("/shorten")
                .then().statusCode(200)
                .body(equalTo("name,url,short_url,status,error\n"
                        + "\"A, B\",https://example.com/sep," + stubShortUrl("https://example.com/sep") + ",ok,\n"));
    }

    @Test
    void windows1252DeclaredInContentTypeIsDecoded() {
        request().contentType("text/csv; charset=windows-1252")
                .body("url,price\nhttps://example.com/eur,5 €\n".getBytes(Charset.forName("windows-1252")))
                .post("/shorten")
                .then().statusCode(200)
                .body(equalTo("url,price,short_url,status,error\n"
                        + "https://example.com/eur,5 €," + stubShortUrl("https://example.com/eur") + ",ok,\n"));
    }

    @Test
    void aLatin1FileSentAsUtf8Is415SayingWhichCharsetToSend() {
        request().contentType("text/csv")
                .body("url,name\nhttps://example.com/a,Café\n".getBytes(StandardCharsets.ISO_8859_1))
                .post("/shorten")
                .then().statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("the body is not valid UTF-8: bytes at line 2 do not decode; send UTF-8, or "
                        + "name the file's charset in Content-Type, e.g. 'text/csv; charset=windows-1252'"));
    }

    @Test
    void aVeryWideRowBodyGetsA413NamingItsLine() {
        StringBuilder body = new StringBuilder("url,name\nhttps://example.com/wide,x");
        body.append(",".repeat(10_000)).append('\n');
        for (int i = 0; i < 99_000; i++) {
            body.append("https://example.com/").append(i).append(",n\n");
        }

        request().contentType("text/csv").body(body.toString())
                .post("/shorten")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("line 2 has more than 1000 columns (shortener.csv.max-columns)"));
    }

    @Test
    void aCellOverTheLengthLimitIs413NamingLineAndColumn() {
        request().contentType("text/csv").body("url,note\nhttps://example.com/a,\"" + "n".repeat(70_000) + "\"\n")
                .post("/shorten")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("line 2, column 2: a cell longer than 65536 characters "
                        + "(shortener.csv.max-cell-length)"));
    }

    @Test
    void echoedCellsThatSpreadsheetsWouldRunAreEscapedButUrlsAreNot() {
        request().contentType("text/csv")
                .body("note,url\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",https://example.com/f1\n"
                        + "@SUM(A1),=cmd|' /C calc'!A0\n")
                .post("/shorten")
                .then().statusCode(200)
                .body(equalTo("note,url,short_url,status,error\n"
                        + "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",https://example.com/f1,"
                        + stubShortUrl("https://example.com/f1") + ",ok,\n"
                        + "'@SUM(A1),'=cmd|' /C calc'!A0,,error,invalid URL: contains whitespace\n"));
    }
}
