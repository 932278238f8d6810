package dev.shortener.api;

import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.shortener.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** The HTTP contract of POST /shorten: formats, negotiation, headers and whole-request errors. */
@QuarkusTest
public class ShortenResourceTest {

    @ParameterizedTest
    @ValueSource(strings = { "sync", "threads", "async", "virtual-threads", "processes" })
    void everyModelTurnsTheMixedCsvIntoTheExpectedCsv(String model) {
        request().contentType("text/csv").body(Fixtures.batch("mixed.csv"))
                .post("/shorten?model=" + model)
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("X-Shortener-Model", model)
                .header("X-Shortener-Failed", "3")
                .body(equalTo(Fixtures.text("mixed.expected.csv")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "mixed-semicolon.csv", "mixed-tab.csv" })
    void semicolonAndTabDelimitedCsvGiveTheSameCommaDelimitedAnswer(String file) {
        request().contentType("text/csv").body(Fixtures.batch(file))
                .post("/shorten")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("X-Shortener-Model", "async")
                .body(equalTo(Fixtures.text("mixed.expected.csv")));
    }

    @Test
    void headerlessCsvNamesItsUrlColumnUrlAndKeepsEveryRow() {
        request().contentType("text/csv").body("https://example.com/1,first\nhttps://example.com/2,second\n")
                .post("/shorten")
                .then().statusCode(200)
                .body(equalTo("url,column_2,short_url,status,error\n"
                        + "https://example.com/1,first," + stubShortUrl("https://example.com/1") + ",ok,\n"
                        + "https://example.com/2,second," + stubShortUrl("https://example.com/2") + ",ok,\n"));
    }

    @Test
    void plainTextIsOneUrlPerLineAndAnswersCsv() {
        request().contentType("text/plain").body("https://example.com/p1\n\n  https://example.com/p2  \nnot a url\n")
                .post("/shorten")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("X-Shortener-Failed", "1")
                .body(equalTo("url,short_url,status,error\n"
                        + "https://example.com/p1," + stubShortUrl("https://example.com/p1") + ",ok,\n"
                        + "https://example.com/p2," + stubShortUrl("https://example.com/p2") + ",ok,\n"
                        + "not a url,,error,invalid URL: contains whitespace\n"));
    }

    @Test
    void jsonArrayOfStringsAndObjectsAnswersJsonWithSummary() {
        request().contentType("application/json")
                .body("[\"https://example.com/j1\", {\"url\": \"https://example.com/j2\", \"alias\": \"jay\"},"
                        + " {\"alias\": \"orphan\"}, \"mailto:x@example.com\"]")
                .post("/shorten?model=threads")
                .then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("X-Shortener-Model", "threads")
                .header("X-Shortener-Failed", "2")
                .body("rows[0].url", equalTo("https://example.com/j1"))
                .body("rows[0].short_url", equalTo(stubShortUrl("https://example.com/j1")))
                .body("rows[0].status", equalTo("ok"))
                .body("rows[0].error", nullValue())
                .body("rows[1].alias", equalTo("jay"))
                .body("rows[1].short_url", equalTo("https://tinyurl.com/jay"))
                .body("rows[2].status", equalTo("error"))
                .body("rows[2].error", containsString("\"url\" is missing"))
                .body("rows[3].error", equalTo("invalid URL: scheme must be http or https"))
                .body("summary.rows", equalTo(4))
                .body("summary.ok", equalTo(2))
                .body("summary.failed", equalTo(2))
                .body("summary.model", equalTo("threads"))
                .body("summary.upstreamCalls", equalTo(2));
    }

    @Test
    void acceptHeaderTurnsCsvInputIntoJsonAndJsonInputIntoCsv() {
        request().contentType("text/csv").accept("application/json").body("url\nhttps://example.com/n1\n")
                .post("/shorten")
                .then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("rows[0].short_url", equalTo(stubShortUrl("https://example.com/n1")));
        request().contentType("application/json").accept("text/csv").body("[\"https://example.com/n2\"]")
                .post("/shorten")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(equalTo("url,short_url,status,error\nhttps://example.com/n2,"
                        + stubShortUrl("https://example.com/n2") + ",ok,\n"));
    }

    @Test
    void anAcceptHeaderWithNeitherCsvNorJsonIs406() {
        request().contentType("text/csv").accept("application/xml").body("url\nhttps://example.com/x\n")
                .post("/shorten")
                .then().statusCode(406)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(406));
    }

    @Test
    void emptyBodyIs400() {
        request().contentType("text/csv").body("")
                .post("/shorten")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("empty body"));
    }

    @Test
    void headerWithoutDataRowsIs400() {
        request().contentType("text/csv").body("name,url\r\n\r\n")
                .post("/shorten")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("no URL rows"));
    }

    @Test
    void unterminatedQuoteIs400NamingTheLine() {
        request().contentType("text/csv").body("url,name\nhttps://example.com/ok,fine\nhttps://example.com/x,\"open\n")
                .post("/shorten")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString("malformed CSV at record starting at line 3"));
    }

    @Test
    void malformedJsonIs400NamingLineAndColumn() {
        request().contentType("application/json").body("[\n\"https://example.com/a\",\n}")
                .post("/shorten")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("malformed JSON at line 3"));
    }

    @Test
    void unknownModelIs400ListingTheValidOnes() {
        request().contentType("text/csv").body("url\nhttps://example.com/a\n")
                .post("/shorten?model=fibers")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("'fibers'"))
                .body("detail", containsString("sync, threads, async, virtual-threads, processes, auto"));
    }

    @Test
    void unsupportedContentTypeIs415() {
        request().contentType("application/xml").body("<urls/>")
                .post("/shorten")
                .then().statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("application/xml"));
    }

    @Test
    void formEncodedBodyAsCurlSendsByDefaultIs415WithAHint() {
        request().contentType("application/x-www-form-urlencoded").body("https://example.com/a")
                .post("/shorten")
                .then().statusCode(415)
                .body("detail", containsString("Content-Type: text/csv"));
    }

    @Test
    void moreRowsThanMaxRowsIs413() {
        StringBuilder body = new StringBuilder("url\n");
        for (int i = 0; i <= 100_000; i++) {
            body.append("https://e.co/").append(i).append('\n');
        }
        request().contentType("text/csv").body(body.toString())
                .post("/shorten")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("more than 100000 data rows"));
    }

    @Test
    void bodyOverTheHttpLimitIs413WithAProblemBody() {
        byte[] body = new byte[64 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) 'a');

        request().contentType("text/csv").body(body)
                .post("/shorten")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("quarkus.http.limits.max-body-size"));
    }

    @Test
    void unknownPathGetsAProblemNotAStackTrace() {
        request().accept("application/json").get("/nope")
                .then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("detail", containsString("/nope"))
                .body(not(containsString("Exception")))
                .body(not(containsString("at dev.shortener")));
    }
}
