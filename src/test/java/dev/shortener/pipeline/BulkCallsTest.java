package dev.shortener.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.shortener.WireMockUpstreamResource;
import dev.shortener.config.Provider;
import dev.shortener.execution.AsyncModel;
import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.UpstreamCall;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A {@code tinyurl-bulk} request is a call of the pipeline that carries many rows: retried as a whole after a
 * retryable answer, bounded by the shared {@link Slots}, and counted in the call meters once per row.
 */
@QuarkusTest
class BulkCallsTest {

    static final String BULK = "tinyurl-bulk";

    @Inject
    Pipeline pipeline;

    @Inject
    AsyncModel async;

    @Inject
    MeterRegistry registry;

    WireMock wiremock;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @AfterEach
    void leaveNoStubBehind() {
        WireMockUpstreamResource.freshClient();
    }

    /** The first {@code POST /bulk} answers as {@code first} says; later ones reach the fake. */
    void firstSubmitFails(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
        wiremock.register(post(urlPathEqualTo("/bulk")).atPriority(1)
                .inScenario("first submit").whenScenarioStateIs(STARTED).willSetStateTo("answered")
                .willReturn(first));
    }

    String shortenInBulk(List<String> urls, String failed) {
        return request().contentType("text/plain").body(String.join("\n", urls) + "\n")
                .post("/shorten?provider=" + BULK)
                .then().statusCode(200)
                .header("X-Shortener-Failed", failed)
                .extract().asString();
    }

    static List<String> urls(String name, int count) {
        return IntStream.range(0, count).mapToObj(i -> "https://example.com/" + name + "/" + i).toList();
    }

    static void assertEveryRowOk(List<String> urls, String csv) {
        List<String> lines = csv.lines().skip(1).toList();
        assertEquals(urls.size(), lines.size());
        for (int i = 0; i < urls.size(); i++) {
            assertEquals(urls.get(i) + "," + stubShortUrl(urls.get(i)) + ",ok,", lines.get(i));
        }
    }

    double count(String meter, String... tags) {
        var found = registry.find(meter).tags(tags).counter();
        return found == null ? 0 : found.count();
    }

    long calls() {
        Timer timer = registry.find("shortener.upstream.calls").tags("model", "async", "provider", BULK).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void aBulkRequestAnswered503IsRetriedAndItsRowsEndOkCountedInTheCallMeters() {
        firstSubmitFails(aResponse().withStatus(503).withBody("busy"));
        List<String> urls = urls("bulk-503", 3);
        long callsBefore = calls();
        double retriesBefore = count("shortener.upstream.model.retries", "model", "async", "provider", BULK);
        double okBefore = count("shortener.upstream.model.responses", "model", "async", "provider", BULK,
                "status", "200");
        double attempts503Before = count("shortener.upstream.responses", "provider", BULK, "status", "503");

        assertEveryRowOk(urls, shortenInBulk(urls, "0"));

        wiremock.verifyThat(2, postRequestedFor(urlPathEqualTo("/bulk")));
        wiremock.verifyThat(1, getRequestedFor(urlPathMatching("/bulk/[^/]+/report")));
        assertEquals(callsBefore + 3, calls(), "one call timer sample per row");
        assertEquals(okBefore + 3, count("shortener.upstream.model.responses", "model", "async", "provider", BULK,
                "status", "200"), "each row's final status");
        assertEquals(retriesBefore + 3, count("shortener.upstream.model.retries", "model", "async", "provider",
                BULK), "each row took two attempts");
        assertEquals(attempts503Before + 1, count("shortener.upstream.responses", "provider", BULK, "status", "503"),
                "the refused attempt is counted once, for the request");
    }

    @Test
    void aBulkRequestWhoseConnectionWasResetIsSentAgainAndItsRowsEndOk() {
        firstSubmitFails(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        List<String> urls = urls("bulk-reset", 2);

        assertEveryRowOk(urls, shortenInBulk(urls, "0"));

        wiremock.verifyThat(2, postRequestedFor(urlPathEqualTo("/bulk")));
    }

    @Test
    void aProcessedBulkRequestWhoseReportFailsIsNotSentAgain() {
        wiremock.register(get(urlPathMatching("/bulk/[^/]+/report")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("busy")));

        String csv = shortenInBulk(urls("bulk-report", 2), "2");

        csv.lines().skip(1).forEach(line -> assertEquals(true,
                line.contains(",error,upstream failed after 1 attempt: ") && line.contains("503"), line));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/bulk")));
    }

    @Test
    void theSharedSlotsBoundTheBulkRequestsInFlight() {
        // Requests never processed: each holds its slot until the bulk timeout (2 s in %test).
        wiremock.register(get(urlPathMatching("/bulk/[^/]+/status")).atPriority(1)
                .willReturn(okJson("{\"data\": {\"status\": 1, \"total\": 100}, \"code\": 0, \"errors\": []}")));
        List<UpstreamCall> calls = urls("bulk-slots", 350).stream()
                .map(url -> UpstreamCall.shorten(Provider.TINYURL_BULK, url, null)).toList();
        Slots slots = new Slots(2);
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());

        var done = pipeline.run(calls, async, slots, Pipeline.NOTHING_TO_RECORD, outcomes::set)
                .subscribeAsCompletionStage();

        Awaitility.await("two bulk requests sent").atMost(Duration.ofSeconds(10))
                .until(() -> submitted() == 2);
        Awaitility.await("no third request while both slots are held").during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2)).until(() -> submitted() == 2 && slots.used() == 2);
        done.toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();

        assertEquals(4, submitted(), "350 rows are four requests of at most 100");
        assertEquals(0, slots.used());
        for (int i = 0; i < calls.size(); i++) {
            CallOutcome outcome = outcomes.get(i);
            assertNull(outcome.value(), "row " + i);
            assertEquals(true, outcome.error().contains("was not processed within 2 s"), outcome.error());
        }
    }

    int submitted() {
        return wiremock.find(postRequestedFor(urlPathEqualTo("/bulk"))).size();
    }
}
