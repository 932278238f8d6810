package dev.shortener.api;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.EmbeddedOneSlotProfile;
import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With every batch slot taken, /shorten answers 503 + Retry-After at once; the slot comes back when a batch ends. */
@QuarkusTest
@TestProfile(EmbeddedOneSlotProfile.class)
class AdmissionTest {

    @Inject
    Admission admission;

    @Test
    void aSecondBatchWhileTheOnlySlotIsTakenIs503WithRetryAfter() throws Exception {
        WireMock upstream = WireMockUpstreamResource.freshClient();
        // Held long enough for the second request to arrive while the first batch is still running.
        upstream.register(WireMock.get(WireMock.urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", WireMock.equalTo("https://example.com/held"))
                .willReturn(WireMock.ok("https://tinyurl.com/held").withFixedDelay(3000)));

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> request().contentType("text/plain")
                .body("https://example.com/held\n").post("/shorten").statusCode(), Thread.ofPlatform()::start);
        awaitUpstreamCalls(upstream, 1);
        assertEquals(0, admission.available());

        request().contentType("text/plain").body("https://example.com/second\n")
                .post("/shorten")
                .then().statusCode(503)
                .header("Retry-After", "7")
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("already working on 1 batches (shortener.max-concurrent-batches); "
                        + "retry after 7 s"));

        assertEquals(200, first.get());
        assertEquals(1, admission.available());
        request().contentType("text/plain").body("https://example.com/third\n")
                .post("/shorten")
                .then().statusCode(200);
        upstream.verifyThat(0, WireMock.getRequestedFor(WireMock.urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", WireMock.equalTo("https://example.com/second")));
    }

    @Test
    void aRefusedBodyGivesItsSlotBack() {
        request().contentType("text/csv").body("").post("/shorten").then().statusCode(400);
        request().contentType("application/json").body("[1").post("/shorten").then().statusCode(400);

        assertEquals(1, admission.available());
    }

    private static void awaitUpstreamCalls(WireMock upstream, int calls) throws InterruptedException {
        Awaitility.await("the upstream to see the first batch's call").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> upstream.find(WireMock.getRequestedFor(WireMock.urlPathEqualTo("/api-create.php")))
                        .size() >= calls);
    }
}
