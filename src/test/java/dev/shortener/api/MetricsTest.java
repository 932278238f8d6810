package dev.shortener.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.shortener.ManagementPortResource;
import dev.shortener.Metrics;
import dev.shortener.WithFreshUpstream;
import io.quarkus.test.junit.QuarkusTest;

/** Metrics move by exactly what a request did: each test reads them before and after (other tests share the app). */
@QuarkusTest
public class MetricsTest extends WithFreshUpstream {

    private static final String THREADS = "model=\"threads\",provider=\"tinyurl-legacy\"";
    private static final String VIRTUAL = "model=\"virtual-threads\",provider=\"tinyurl-legacy\"";

    /** Metrics are on the management interface, not the API port. */
    private static URL metrics() {
        return ManagementPortResource.url("/q/metrics");
    }

    @Test
    void batchMetricsArePublishedPerModelAndProvider() {
        Metrics before = Metrics.scrape(metrics());

        given().contentType("text/plain; charset=UTF-8")
                .body("https://example.com/metrics/1\nhttps://example.com/metrics/2\nnot a url\n")
                .queryParam("model", "threads")
                .when().post("/shorten")
                .then().statusCode(200);

        Metrics after = Metrics.scrape(metrics());
        assertEquals(2, after.since(before, "shortener_upstream_calls_seconds_count{" + THREADS + "}"));
        assertTrue(after.has("shortener_upstream_calls_seconds_bucket{" + THREADS + ",le=\"+Inf\"}"));
        assertEquals(2, after.since(before, "shortener_rows_total{" + THREADS + ",status=\"ok\"}"));
        // The invalid row never reaches the upstream but is counted as an error row.
        assertEquals(1, after.since(before, "shortener_rows_total{" + THREADS + ",status=\"error\"}"));
        assertEquals(0, after.since(before, "shortener_upstream_model_retries_total{" + THREADS + "}"));
        assertEquals(2, after.since(before,
                "shortener_upstream_responses_total{provider=\"tinyurl-legacy\",status=\"200\"}"));
        // A delta, not the value: attempts of another test's cancelled run may still be on their way back.
        assertEquals(0, after.since(before, "shortener_upstream_in_flight{model=\"threads\"}"));
    }

    @Test
    void retriesAreCountedPerModel() {
        added = wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        Metrics before = Metrics.scrape(metrics());

        given().contentType("text/plain; charset=UTF-8").body("https://example.com/metrics/retried\n")
                .queryParam("model", "virtual-threads")
                .when().post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "1");

        // shortener.retry.max-attempts is 3: one call, three 503 attempts, two retries, one error row.
        Metrics after = Metrics.scrape(metrics());
        assertEquals(2, after.since(before, "shortener_upstream_model_retries_total{" + VIRTUAL + "}"));
        assertEquals(1, after.since(before, "shortener_upstream_model_responses_total{" + VIRTUAL
                + ",status=\"503\"}"), "the status the call ended with, once per call");
        assertEquals(3, after.since(before, "shortener_upstream_responses_total{provider=\"tinyurl-legacy\","
                + "status=\"503\"}"), "every attempt's status");
        assertEquals(2, after.since(before, "shortener_upstream_retries_total{provider=\"tinyurl-legacy\"}"));
        assertEquals(1, after.since(before, "shortener_rows_total{" + VIRTUAL + ",status=\"error\"}"));
        assertEquals(0, after.since(before, "shortener_rows_total{" + VIRTUAL + ",status=\"ok\"}"));
    }
}
