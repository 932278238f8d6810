package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Retries against the real REST client and a stubbed upstream: what is retried, how often, and how long it waits. */
@QuarkusTest
public class RetryTest {

    WireMock wiremock;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @ParameterizedTest
    @ValueSource(strings = { "sync", "async" })
    void retriesAfter503AndReturnsTheSecondAnswer(String model) {
        String url = "https://example.com/flaky-" + model;
        stubSequence(url, aResponse().withStatus(503).withBody("busy"));

        shorten(url, model).body(equalTo("url,short_url,status,error\n" + url + "," + stubShortUrl(url) + ",ok,\n"));

        wiremock.verifyThat(2, calls(url));
    }

    @ParameterizedTest
    @ValueSource(strings = { "threads", "virtual-threads" })
    void retriesAfter429HonouringRetryAfter(String model) {
        String url = "https://example.com/limited-" + model;
        stubSequence(url, aResponse().withStatus(429).withHeader("Retry-After", "1"));

        shorten(url, model).body(equalTo("url,short_url,status,error\n" + url + "," + stubShortUrl(url) + ",ok,\n"));

        List<LoggedRequest> attempts = wiremock.find(calls(url));
        assertTrue(attempts.size() == 2, "expected 2 attempts, got " + attempts.size());
        long waited = attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
        // The test profile caps backoff at 200 ms, so a second attempt after >= ~1 s can only come from Retry-After.
        assertTrue(waited >= 950, "second attempt came " + waited + " ms after the first, before Retry-After: 1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "sync", "async" })
    void givesUpAfterMaxAttemptsWithTheLastStatus(String model) {
        String url = "https://example.com/down-" + model;
        stubFor(url, aResponse().withStatus(503));

        shorten(url, model).header("X-Shortener-Failed", "1")
                .body(equalTo("url,short_url,status,error\n" + url + ",,error,upstream failed after 3 attempts: 503\n"));

        wiremock.verifyThat(3, calls(url));
    }

    @ParameterizedTest
    @ValueSource(strings = { "threads", "async" })
    void connectionResetsAreRetriedThenReported(String model) {
        String url = "https://example.com/reset-" + model;
        stubFor(url, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        String body = shorten(url, model).header("X-Shortener-Failed", "1").extract().asString();

        assertTrue(body.contains(",,error,upstream failed after 3 attempts: "), body);
        wiremock.verifyThat(3, calls(url));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sync", "virtual-threads" })
    void clientErrorsOtherThan429AreNotRetried(String model) {
        String url = "https://example.com/refused-" + model;
        stubFor(url, aResponse().withStatus(400).withBody("Error"));

        shorten(url, model).body(equalTo("url,short_url,status,error\n" + url + ",,error,upstream 400: Error\n"));

        wiremock.verifyThat(1, calls(url));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sync", "threads", "async", "virtual-threads" })
    void duplicateUrlsAreShortenedOnce(String model) {
        String repeated = "https://example.com/twice-" + model;
        String other = "https://example.com/once-" + model;
        String body = "url\n" + repeated + "\n" + other + "\n" + repeated + "\n" + repeated + "\n";

        request().contentType("text/csv").body(body).post("/shorten?model=" + model)
                .then().statusCode(200)
                .body(equalTo("url,short_url,status,error\n"
                        + repeated + "," + stubShortUrl(repeated) + ",ok,\n"
                        + other + "," + stubShortUrl(other) + ",ok,\n"
                        + repeated + "," + stubShortUrl(repeated) + ",ok,\n"
                        + repeated + "," + stubShortUrl(repeated) + ",ok,\n"));

        wiremock.verifyThat(1, calls(repeated));
        wiremock.verifyThat(1, calls(other));
    }

    private ValidatableResponse shorten(String url, String model) {
        return request().contentType("text/csv").body("url\n" + url + "\n").post("/shorten?model=" + model)
                .then().statusCode(200);
    }

    private void stubSequence(String url, ResponseDefinitionBuilder first) {
        String scenario = "retry " + url;
        wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", WireMock.equalTo(url))
                .inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(first)
                .willSetStateTo("recovered"));
        wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", WireMock.equalTo(url))
                .inScenario(scenario).whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(stubShortUrl(url))));
    }

    /** Every attempt for {@code url} gets {@code response}. */
    private void stubFor(String url, ResponseDefinitionBuilder response) {
        wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", WireMock.equalTo(url))
                .willReturn(response));
    }

    private static RequestPatternBuilder calls(String url) {
        return getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url", WireMock.equalTo(url));
    }
}
