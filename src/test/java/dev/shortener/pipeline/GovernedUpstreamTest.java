package dev.shortener.pipeline;

import static dev.shortener.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackProfile;
import dev.shortener.LoopbackUpstream;
import dev.shortener.governor.Governor;
import dev.shortener.governor.Governors;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The provider's governor holds across batches: one limit for all of them, fair turns, and a global pause. */
@QuarkusTest
@TestProfile(LoopbackProfile.class)
class GovernedUpstreamTest {

    @Inject
    Governors governors;

    LoopbackUpstream upstream;

    @BeforeEach
    void freshUpstream() {
        upstream = LoopbackUpstream.fresh();
    }

    @Test
    void twentyLargeBatchesShareOneLimitAndASmallBatchIsNotQueuedBehindThem() throws Exception {
        upstream.delayAnswers(100);
        ExecutorService clients = Executors.newFixedThreadPool(21);
        try {
            List<CompletableFuture<String>> large = new ArrayList<>();
            for (int batch = 0; batch < 20; batch++) {
                String body = urls("https://example.com/large/" + batch + "/", 1000);
                large.add(CompletableFuture.supplyAsync(() -> shorten(body, "async"), clients));
            }
            // The small batch starts once the large ones hold every permit and a thousand of their calls queue.
            Governor governor = governors.forProvider("tinyurl-legacy");
            LoopbackUpstream.await("the large batches to fill the governor", Duration.ofSeconds(60),
                    () -> governor.waiting() >= 1000);
            int waitingBefore = governor.waiting();
            int receivedBefore = upstream.received();
            String small = shorten(urls("https://example.com/small/", 10), "async");
            int largeDone = (int) large.stream().filter(CompletableFuture::isDone).count();

            assertEquals(10, small.lines().filter(line -> line.endsWith(",ok,")).count(), small);
            assertTrue(largeDone < 20, "the small batch finished only after every large batch (" + largeDone + ")");
            // Fair turns: each of the 21 lanes gets one permit per turn, so the small batch's ten calls all start
            // within about 10 turns (210 calls) of its arrival, plus the calls started while its request was being
            // read. First come, first served, they would start only after every call already waiting when it was
            // sent (measured: ~400 calls with turns, ~2000 without).
            List<LoopbackUpstream.Arrival> arrivals = upstream.arrivals();
            int lastSmall = -1;
            for (int i = 0; i < arrivals.size(); i++) {
                if (arrivals.get(i).url().startsWith("https://example.com/small/")) {
                    lastSmall = i;
                }
            }
            int startedBefore = lastSmall + 1 - receivedBefore;
            assertTrue(startedBefore < waitingBefore, startedBefore + " calls started between the small batch's "
                    + "arrival and its last call, while " + waitingBefore + " were waiting before it");
            for (CompletableFuture<String> batch : large) {
                String csv = batch.get(120, TimeUnit.SECONDS);
                assertEquals(1000, csv.lines().filter(line -> line.endsWith(",ok,")).count());
            }
            assertEquals(20 * 1000 + 10, upstream.received(), "each distinct URL once");
            assertEquals(LoopbackProfile.MAX_IN_FLIGHT, upstream.maxInFlight(), "most calls in flight at the upstream");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void a429WithRetryAfterPausesEveryCallToTheProvider() {
        String limited = "https://example.com/paused/0";
        upstream.answer(limited, 429, "2", 1);
        // Two batches at once: the pause must hold back the other batch's calls too, not only the retry.
        // On a thread of its own: RestAssured's first use initialises Groovy, which needs the common pool.
        CompletableFuture<String> other = CompletableFuture.supplyAsync(
                () -> shorten(urls("https://example.com/other/", 40), "sync"), Thread.ofPlatform()::start);
        String first = shorten(urls("https://example.com/paused/", 40), "sync");
        String second = other.join();

        assertEquals(40, first.lines().filter(line -> line.endsWith(",ok,")).count(), first);
        assertEquals(40, second.lines().filter(line -> line.endsWith(",ok,")).count(), second);
        List<LoopbackUpstream.Arrival> arrivals = upstream.arrivals();
        long limitedAt = arrivals.stream().filter(a -> a.url().equals(limited)).findFirst().orElseThrow().nanoTime();
        long pauseEnds = limitedAt + Duration.ofSeconds(2).toNanos();
        // A call already on the wire when the 429 reached the service may still arrive just after it.
        long inFlightGrace = Duration.ofMillis(100).toNanos();
        List<LoopbackUpstream.Arrival> duringPause = arrivals.stream()
                .filter(a -> a.nanoTime() - limitedAt > inFlightGrace && a.nanoTime() - pauseEnds < 0)
                .toList();
        assertTrue(duringPause.isEmpty(), duringPause.size() + " calls started during the pause, e.g. "
                + duringPause.stream().limit(3).toList());
        assertFalse(arrivals.stream().filter(a -> a.url().equals(limited)).skip(1).findFirst().isEmpty(),
                "the limited call was retried");
    }

    private static String shorten(String body, String model) {
        return request().contentType("text/plain; charset=UTF-8").body(body).post("/shorten?model=" + model)
                .then().statusCode(200).extract().asString();
    }

    private static String urls(String prefix, int count) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append(prefix).append(i).append('\n');
        }
        return body.toString();
    }
}
