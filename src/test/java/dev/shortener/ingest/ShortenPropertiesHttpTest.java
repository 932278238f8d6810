package dev.shortener.ingest;

import static dev.shortener.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The reader properties at the real endpoint: generated bodies (hostile cells, BOMs, UTF-16, ragged rows, Excel
 * {@code sep=}, junk JSON elements, arbitrary bytes) never get a 5xx, and every data row of an accepted body comes
 * back exactly once, in order. A few hundred requests in all, so that it stays cheap on a 2-core CI machine.
 */
@QuarkusTest
class ShortenPropertiesHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void fastUpstream() {
        // The file stubs answer after 100 ms; these bodies only hold pbt.example URLs, answered at once.
        WireMockUpstreamResource.freshClient().register(WireMock.get(WireMock.urlPathEqualTo("/api-create.php"))
                .atPriority(1)
                .withQueryParam("url", WireMock.matching("https://pbt\\.example/.*"))
                .willReturn(WireMock.ok("https://tinyurl.com/pbt").withHeader("Content-Type", "text/plain")));
    }

    @Test
    void everyRowOfAnAcceptedBodyComesBackOnceInOrderAsJson() {
        qt().withExamples(300).withShrinkCycles(50).forAll(GeneratedBodies.wellFormed()).checkAssert(body -> {
            Response response = post(body, "application/json");

            assertEquals(200, response.statusCode(), () -> response.asString() + "\n" + body);
            JsonNode answer = json(response);
            List<String> urls = new ArrayList<>();
            answer.get("rows").forEach(row -> urls.add(row.get("url").isNull() ? null : row.get("url").asText()));
            assertEquals(body.urls(), urls, body::toString);
            assertEquals(body.urls().size(), answer.at("/summary/rows").asInt(), body::toString);
        });
    }

    @Test
    void everyRowOfAnAcceptedBodyComesBackOnceInOrderAsCsvWithFormulasEscaped() {
        CsvMapper csv = new CsvMapper();
        qt().withExamples(200).withShrinkCycles(50).forAll(GeneratedBodies.wellFormed()).checkAssert(body -> {
            Response response = post(body, "text/csv");

            assertEquals(200, response.statusCode(), () -> response.asString() + "\n" + body);
            List<String[]> records = records(csv, response.asString());
            assertEquals(body.urls().size() + 1, records.size(), body::toString);
            for (int i = 0; i < body.cells().size(); i++) {
                String first = body.cells().get(i).get(0);
                String expected = first.isEmpty() || "=+-@\t\r".indexOf(first.charAt(0)) < 0 ? first : "'" + first;
                assertEquals(expected, records.get(i + 1)[0], body::toString);
                String status = records.get(i + 1)[records.get(i + 1).length - 2];
                assertTrue(status.equals("ok") || status.equals("error"), body::toString);
            }
        });
    }

    @Test
    void arbitraryBytesNeverGetA5xxAndRefusalsAreProblems() {
        qt().withExamples(400).withShrinkCycles(50).forAll(GeneratedBodies.arbitrary()).checkAssert(body -> {
            Response response = post(body, "application/json");

            assertTrue(response.statusCode() < 500, () -> response.statusCode() + " " + response.asString() + "\n"
                    + body);
            if (response.statusCode() >= 400) {
                assertTrue(response.contentType().startsWith("application/problem+json"), body::toString);
                assertFalse(json(response).get("detail").asText().isBlank(), body::toString);
            }
        });
    }

    private static Response post(GeneratedBodies.Body body, String accept) {
        return request().contentType(body.contentType()).accept(accept).body(body.bytes()).post("/shorten");
    }

    /** Jackson rather than RestAssured's JSON path, which compiles a Groovy expression per call (~100 ms here). */
    private static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.asByteArray());
        } catch (IOException e) {
            throw new AssertionError(response.asString(), e);
        }
    }

    private static List<String[]> records(CsvMapper csv, String text) {
        try (MappingIterator<String[]> it = csv.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(text)) {
            return it.readAll();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
