package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.shortener.Fixtures.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import dev.shortener.governor.Governor;
import dev.shortener.governor.Governors;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;

/** is.gd and v.gd: errors as HTTP 200 with an errorcode, rate limits retried, five calls in flight by default. */
@QuarkusTest
class IsGdProviderTest {

    @Inject
    Governors governors;

    WireMock wiremock;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @ParameterizedTest
    @ValueSource(strings = { "async", "processes" })
    void rateLimitedErrorcode3IsRetriedThenShortened(String model) {
        wiremock.register(get(urlPathEqualTo("/create.php")).atPriority(1)
                .inScenario("rate limit").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"errorcode\": 3, \"errormessage\": \"Rate limit exceeded - you must wait at "
                        + "least 1 second between requests\"}"))
                .willSetStateTo("calm"));

        request().contentType("text/plain").body("https://example.com/limited\n")
                .post("/shorten?provider=isgd&model=" + model)
                .then().statusCode(200)
                .header("X-Shortener-Provider", "isgd")
                .header("X-Shortener-Failed", "0")
                .body(org.hamcrest.Matchers.equalTo("url,short_url,status,error\n"
                        + "https://example.com/limited,https://is.gd/xhttps%3A%2F%2Fexample.com%2Flimited,ok,\n"));

        wiremock.verifyThat(2, getRequestedFor(urlPathEqualTo("/create.php"))
                .withQueryParam("format", equalTo("json"))
                .withQueryParam("url", equalTo("https://example.com/limited")));
    }

    @Test
    void badUrlAndTakenAliasAreFinalErrorRowsWithIsGdsMessage() {
        wiremock.register(get(urlPathEqualTo("/vgd/create.php")).atPriority(1)
                .withQueryParam("url", equalTo("https://example.com/refused"))
                .willReturn(okJson("{\"errorcode\": 1, \"errormessage\": \"Please specify a valid URL to shorten.\"}")));

        request().contentType("text/csv").body("url,alias\nhttps://example.com/refused,\nhttps://example.com/t,taken\n")
                .post("/shorten?provider=vgd&model=sync")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "2")
                .body(org.hamcrest.Matchers.equalTo("url,alias,short_url,status,error\n"
                        + "https://example.com/refused,,,error,upstream error 1: Please specify a valid URL to "
                        + "shorten.\n"
                        // The message has a comma: the CSV cell is quoted.
                        + "https://example.com/t,taken,,error,\"upstream error 2: The shortened URL you picked "
                        + "already exists, please choose another.\"\n"));

        // Final errors: one call each, no retry.
        wiremock.verifyThat(2, getRequestedFor(urlPathEqualTo("/vgd/create.php")));
        wiremock.verifyThat(0, getRequestedFor(urlPathEqualTo("/create.php")));
    }

    @Test
    void isGdsGovernorLetsFiveCallsInFlightByDefault() {
        Governor governor = governors.forProvider("isgd");
        // On PostgreSQL a governor made just now holds calls until its first heartbeat gives it its share.
        await().atMost(Duration.ofSeconds(10)).until(() -> governor.maxInFlight() == governor.configuredMaxInFlight());
        Governor.Lane lane = governor.lane();
        AtomicInteger granted = new AtomicInteger();
        List<Cancellable> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(lane.acquire().subscribe().with(ignored -> granted.incrementAndGet()));
        }
        try {
            assertEquals(5, granted.get());
            assertEquals(1, governor.waiting());
        } finally {
            waits.get(5).cancel();
            for (int i = 0; i < 5; i++) {
                governor.release();
            }
        }
    }
}
