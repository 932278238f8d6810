package dev.shortener.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
public class MetricsTest {

    WireMock wiremock;

    private StubMapping added;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @AfterEach
    void removeAddedStub() {
        if (added != null) {
            wiremock.removeStubMapping(added);
            added = null;
        }
    }

    @Test
    void batchMetricsArePublishedPerModelAndProvider() {
        given().contentType("text/plain; charset=UTF-8").body("https://example.com/metrics/1\nhttps://example.com/metrics/2\n")
                .queryParam("model", "threads")
                .when().post("/shorten")
                .then().statusCode(200);
        String model = "model=\"threads\",provider=\"tinyurl-legacy\"";
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(matchesPattern("(?s).*shortener_upstream_calls_seconds_count\\{" + model + "} [1-9].*"))
                .body(containsString("shortener_upstream_calls_seconds_bucket{" + model + ",le="))
                .body(containsString("shortener_upstream_in_flight{model=\"threads\"} 0.0"))
                .body(containsString("shortener_upstream_model_retries_total{" + model + "}"))
                .body(matchesPattern("(?s).*shortener_rows_total\\{" + model + ",status=\"ok\"} [1-9].*"))
                .body(containsString("shortener_rows_total{" + model + ",status=\"error\"}"))
                .body(containsString("shortener_upstream_responses_total{provider=\"tinyurl-legacy\",status=\"200\"}"));
    }

    @Test
    void retriesAreCountedPerModel() {
        added = wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        given().contentType("text/plain; charset=UTF-8").body("https://example.com/metrics/retried\n")
                .queryParam("model", "virtual-threads")
                .when().post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "1");
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(matchesPattern("(?s).*shortener_upstream_model_retries_total\\{model=\"virtual-threads\","
                        + "provider=\"tinyurl-legacy\"} [1-9].*"))
                .body(matchesPattern("(?s).*shortener_upstream_model_responses_total\\{model=\"virtual-threads\","
                        + "provider=\"tinyurl-legacy\",status=\"503\"} [1-9].*"))
                .body(containsString("shortener_upstream_retries_total{provider=\"tinyurl-legacy\"}"));
    }
}
