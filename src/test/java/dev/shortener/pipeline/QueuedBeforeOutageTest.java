package dev.shortener.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.shortener.governor.Governor;
import dev.shortener.governor.OutageBreaker;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.RetryPolicy;

/**
 * A call that queued for a permit behind other calls (not behind a limit) before the provider went down ends when its
 * wait budget is used up, counted from when the outage began, instead of waiting for the provider for ever. The
 * breaker's first probe goes after 1 s, so a call still queued then would be granted as that probe.
 */
class QueuedBeforeOutageTest {

    private static final Duration BUDGET = Duration.ofMillis(300);

    private ScheduledExecutorService timer;
    private Governor governor;
    private Governor.Lane lane;

    @BeforeEach
    void oneCallInFlight() {
        timer = Executors.newSingleThreadScheduledExecutor();
        governor = new Governor("down", 1, 0, System::nanoTime,
                (task, delayNanos) -> timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS),
                new OutageBreaker(2, Duration.ofSeconds(30), System::nanoTime));
        lane = governor.lane();
        assertTrue(lane.tryAcquire(), "the call in flight holds the only permit");
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aFirstAttemptQueuedBeforeTheOutageFailsWhenItsBudgetIsUsedUp() throws Exception {
        CompletableFuture<Void> queued = new CallRetries(new RetryPolicy(3, Duration.ofMillis(1),
                Duration.ofMillis(1), 0), lane, BUDGET).permit().subscribeAsCompletionStage();
        providerGoesDown();

        CallRetries.WaitedTooLong waited = failure(queued);
        assertTrue(waited.attempt.reason().startsWith("provider down since "), waited.attempt.reason());
        assertEquals(0, governor.waiting(), "the call left the queue");
        assertEquals(0, governor.inFlight(), "no permit was kept");
    }

    @Test
    void aRetryQueuedBeforeTheOutageFailsWhenItsBudgetIsUsedUp() throws Exception {
        CallRetries retries = new CallRetries(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 0),
                lane, BUDGET);
        assertNotNull(retries.next(Attempt.failedWithoutAnswer("connection reset", 1)), "a counted retry");
        CompletableFuture<Void> queued = retries.permit().subscribeAsCompletionStage();
        providerGoesDown();

        CallRetries.WaitedTooLong waited = failure(queued);
        assertTrue(waited.attempt.reason().startsWith("provider down since "), waited.attempt.reason());
        assertEquals(0, governor.waiting(), "the call left the queue");
    }

    /** The breaker opens, then the call in flight gives its permit back: the queued call gets none (no probe yet). */
    private void providerGoesDown() {
        governor.breaker().failed();
        governor.breaker().failed();
        assertEquals(OutageBreaker.State.OPEN, governor.breaker().state());
        governor.release();
    }

    private static CallRetries.WaitedTooLong failure(CompletableFuture<Void> queued) throws Exception {
        try {
            queued.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(CallRetries.WaitedTooLong.class, e.getCause());
        }
        throw new AssertionError("the queued call was granted a permit while the provider was down");
    }
}
