package dev.shortener.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.Fixtures;
import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every model turns the same batch into the byte-identical expected output (src/test/resources/batches/golden): they
 * differ only in how calls are scheduled.
 */
@QuarkusTest
class ModelParityTest {

    static final String CSV = """
            name,url,alias,note
            home,https://example.com/,,"plain, with a comma"
            "quoted, name","https://example.com/search?q=a,b&lang=en",,duplicate follows
            again,"https://example.com/search?q=a,b&lang=en",,same URL: one upstream call
            bad scheme,ftp://example.com/file,,invalid row
            empty,,,missing URL
            aliased,https://example.com/docs/page,my-alias,custom alias
            spaces,https://example.com/a%20b/c,,
            unicode,https://example.com/caf%C3%A9,,"quote ""inside""\"
            last,https://example.org/path?x=1&y=2#frag,,
            """;

    static final String FAILING_CSV = """
            url
            https://example.com/parity/busy
            https://example.com/parity/rejected
            https://example.com/parity/html
            https://example.com/parity/fine
            """;

    @AfterEach
    void resetStubs() {
        WireMockUpstreamResource.freshClient();
    }

    @Test
    void everyModelAnswersTheSameCsv() {
        assertSameEverywhere(CSV, "2", "parity.csv");
    }

    @Test
    void everyModelReportsUpstreamErrorsInTheSameWords() {
        WireMock wiremock = WireMockUpstreamResource.freshClient();
        stub(wiremock, "busy", aResponse().withStatus(503).withHeader("Retry-After", "0").withBody("busy, try later"));
        stub(wiremock, "rejected", aResponse().withStatus(400).withBody("Error"));
        stub(wiremock, "html", aResponse().withStatus(200).withBody("<html>not a link</html>"));

        assertSameEverywhere(FAILING_CSV, "3", "parity-failing.csv");
    }

    private static void stub(WireMock wiremock, String path, ResponseDefinitionBuilder response) {
        wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", equalTo("https://example.com/parity/" + path))
                .willReturn(response));
    }

    /** Compares every model with the expected answer on file, so that a bug shared by all models still fails. */
    private static void assertSameEverywhere(String csv, String failed, String golden) {
        String expected = Fixtures.text("golden/" + golden);
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String model : List.of("sync", "threads", "async", "virtual-threads", "processes")) {
            String body = given()
                    .contentType("text/csv; charset=UTF-8")
                    .queryParam("model", model)
                    .body(csv)
                    .when().post("/shorten")
                    .then()
                    .log().ifValidationFails()
                    .statusCode(200)
                    .contentType(containsString("text/csv"))
                    .header("X-Shortener-Model", model)
                    .header("X-Shortener-Failed", failed)
                    .extract().asString();
            bodies.put(model, body);
        }
        bodies.forEach((model, body) -> assertEquals(expected, body, model + " differs from " + golden));
    }
}
