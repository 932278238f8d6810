package dev.shortener.execution;

import static dev.shortener.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.shortener.LoopbackProfile;
import dev.shortener.LoopbackUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The calls of one batch in flight at the upstream reach the model's limit and never exceed it, counted at the
 * upstream: it holds every answer until the limit is reached, so no timing decides the count.
 */
@QuarkusTest
@TestProfile(LoopbackProfile.class)
class InFlightLimitTest {

    LoopbackUpstream upstream;

    @BeforeEach
    void freshUpstream() {
        upstream = LoopbackUpstream.fresh();
    }

    @AfterEach
    void releaseHeldAnswers() {
        upstream.release();
    }

    @ParameterizedTest
    @CsvSource({ "sync, 1", "threads, 3", "async, 100", "virtual-threads, 5", "processes, 2" })
    void inFlightCallsReachButNeverExceedTheModelLimit(String model, int limit) throws Exception {
        int rows = limit * 4;
        StringBuilder body = new StringBuilder("url\n");
        for (int i = 0; i < rows; i++) {
            body.append("https://example.com/limit/").append(model).append('/').append(i).append('\n');
        }
        upstream.holdAnswers();
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> request().contentType("text/csv")
                .body(body.toString()).post("/shorten?model=" + model)
                .then().statusCode(200).header("X-Shortener-Failed", "0"), Thread.ofPlatform()::start);

        LoopbackUpstream.await(limit + " calls in flight", Duration.ofSeconds(30), () -> upstream.received() >= limit);
        assertEquals(limit, upstream.received(), "calls received while the first ones are held");
        assertEquals(limit, upstream.maxInFlight(), "calls in flight once the limit is reached");
        upstream.release();
        batch.get(60, TimeUnit.SECONDS);

        assertEquals(rows, upstream.received(), "each distinct URL is called once");
        assertEquals(limit, upstream.maxInFlight(), "most calls in flight at once");
    }
}
