package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The REST client enforces {@code shortener.upstream-timeout} (%test: 2s) itself: its read-timeout follows the setting,
 * and a slower answer is a retryable timeout worded as before. Not run against the packaged jar: its prod timeout is 10s.
 */
@QuarkusTest
class UpstreamTimeoutTest {

    @Inject
    Config config;

    WireMock wiremock;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @ParameterizedTest
    @ValueSource(strings = { "async", "virtual-threads" })
    void slowAnswersTimeOutAfterTheUpstreamTimeoutAndAreRetried(String model) {
        assertEquals(2000L, config.getValue("quarkus.rest-client.read-timeout", Long.class));
        String url = "https://example.com/slow-" + model;
        // Slower than the timeout, faster than the client's own 30 s default: only the derived timeout fails it.
        wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", WireMock.equalTo(url))
                .willReturn(aResponse().withStatus(200).withBody(stubShortUrl(url)).withFixedDelay(4000)));

        request().contentType("text/csv").body("url\n" + url + "\n").post("/shorten?model=" + model)
                .then().statusCode(200).header("X-Shortener-Failed", "1")
                .body(equalTo("url,short_url,status,error\n" + url
                        + ",,error,upstream failed after 3 attempts: timeout after 2000 ms\n"));

        wiremock.verifyThat(3, getRequestedFor(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", WireMock.equalTo(url)));
    }
}
