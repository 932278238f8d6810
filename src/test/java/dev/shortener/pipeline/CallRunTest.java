package dev.shortener.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.shortener.governor.Governor;
import dev.shortener.config.Provider;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.RetryPolicy;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

/** One call's steps in order, and its permit given back exactly once: on an answer, a failure or a cancellation. */
class CallRunTest {

    static final UpstreamCall CALL = UpstreamCall.shorten(Provider.TINYURL, "https://example.com/a", null);

    final Governor governor = new Governor("test", 1, 0, System::nanoTime, (task, delay) -> {
        throw new AssertionError("no wake-up expected");
    });
    final Governor.Lane lane = governor.lane();
    final FakeSteps steps = new FakeSteps();
    final AtomicBoolean completed = new AtomicBoolean();
    final AtomicReference<Throwable> failed = new AtomicReference<>();

    static Attempt answer(String value, boolean retryable, int number) {
        return new Attempt(value, value != null ? 200 : 503, value != null ? null : "503", retryable, null, number, 1);
    }

    /** Attempts complete by hand; records what the call did, in order. */
    final class FakeSteps implements CallRun.Steps {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<UniEmitter<? super Attempt>> attempts = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        Uni<Void> before;
        Attempt last;
        int permitsDuringAnswer = -1;
        int permitsWhenRetrying = -1;

        @Override
        public Uni<Void> beforeSend(int index, UpstreamCall call) {
            return before;
        }

        @Override
        public Governor.Lane lane(UpstreamCall call) {
            return lane;
        }

        @Override
        public Uni<Attempt> attempt(int index, UpstreamCall call, int number) {
            log.add("attempt " + number);
            return Uni.createFrom().emitter(attempts::add);
        }

        @Override
        public AtomicInteger inFlight() {
            return inFlight;
        }

        @Override
        public void answered(UpstreamCall call, Governor governor, Attempt attempt) {
            log.add("answered " + attempt.value());
            permitsDuringAnswer = governor.inFlight();
        }

        @Override
        public CallRetries retries(UpstreamCall call, Governor.Lane lane) {
            return new CallRetries(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 0), lane,
                    Duration.ofSeconds(30));
        }

        @Override
        public void retrying(UpstreamCall call) {
            log.add("retried");
            permitsWhenRetrying = governor.inFlight();
        }

        @Override
        public void finished(int index, UpstreamCall call, Attempt attempt, int resent, long latencyNanos) {
            log.add("finished " + index + " " + attempt.value());
            last = attempt;
        }
    }

    Cancellable run() {
        return CallRun.of(steps, 7, CALL).subscribe().with(ignored -> completed.set(true), failed::set);
    }

    @Test
    void aFreePermitStartsTheAttemptAtOnceAndGoesBackAfterTheAnswerReachedTheGovernor() {
        run();
        assertEquals(List.of("attempt 1"), steps.log);
        assertEquals(1, governor.inFlight());
        assertEquals(1, steps.inFlight.get());

        steps.attempts.get(0).complete(answer("https://tiny/a", false, 1));

        assertEquals(List.of("attempt 1", "answered https://tiny/a", "finished 7 https://tiny/a"), steps.log);
        assertEquals(1, steps.permitsDuringAnswer, "the answer reaches the governor before the permit goes back");
        assertEquals(0, governor.inFlight());
        assertEquals(0, steps.inFlight.get());
        assertTrue(completed.get());
    }

    @Test
    void aCallWaitsForItsTurnWhenNoPermitIsFree() {
        assertTrue(governor.lane().tryAcquire());
        run();
        assertEquals(List.of(), steps.log);
        assertEquals(1, governor.waiting());

        governor.release();

        assertEquals(List.of("attempt 1"), steps.log);
        assertEquals(1, governor.inFlight());
    }

    @Test
    void beforeSendCompletesBeforeTheFirstAttempt() {
        AtomicReference<UniEmitter<? super Void>> recorded = new AtomicReference<>();
        steps.before = Uni.createFrom().<Void> emitter(recorded::set);
        run();
        assertEquals(List.of(), steps.log);
        assertEquals(0, governor.inFlight(), "no permit is held while waiting for beforeSend");

        recorded.get().complete(null);

        assertEquals(List.of("attempt 1"), steps.log);
    }

    @Test
    void aRetryableFirstAttemptIsRetriedAfterItsPermitWentBack() {
        Attempt second = answer("https://tiny/b", false, 2);
        run();
        steps.attempts.get(0).complete(answer(null, true, 1));
        assertEquals(0, steps.permitsWhenRetrying, "the first attempt's permit is back before the retry waits");

        Awaitility.await("the second attempt, after its backoff").atMost(Duration.ofSeconds(10))
                .until(() -> steps.attempts.size() == 2);
        assertEquals(1, governor.inFlight(), "the retry holds a permit of its own");
        steps.attempts.get(1).complete(second);

        assertEquals(List.of("attempt 1", "answered null", "retried", "attempt 2", "answered https://tiny/b",
                "finished 7 https://tiny/b"), steps.log);
        assertSame(second, steps.last);
        assertEquals(0, governor.inFlight());
        assertTrue(completed.get());
    }

    @Test
    void cancellingDuringTheAttemptGivesThePermitBackOnceWithoutAnAnswer() {
        Cancellable call = run();
        call.cancel();
        assertEquals(0, governor.inFlight());
        assertEquals(0, steps.inFlight.get());

        // A late answer changes nothing: no second release (the governor would throw), no outcome.
        steps.attempts.get(0).complete(answer("https://tiny/late", false, 1));
        call.cancel();

        assertEquals(List.of("attempt 1"), steps.log);
        assertEquals(0, governor.inFlight());
        assertFalse(completed.get());
        assertNull(failed.get());
    }

    @Test
    void cancellingAQueuedCallLeavesTheQueue() {
        assertTrue(governor.lane().tryAcquire());
        Cancellable call = run();
        call.cancel();
        assertEquals(0, governor.waiting());

        governor.release();

        assertEquals(List.of(), steps.log);
        assertEquals(0, governor.inFlight());
    }

    @Test
    void cancellingWhileWaitingForBeforeSendTakesNoPermit() {
        AtomicReference<UniEmitter<? super Void>> recorded = new AtomicReference<>();
        steps.before = Uni.createFrom().<Void> emitter(recorded::set);
        run().cancel();
        recorded.get().complete(null);

        assertEquals(List.of(), steps.log);
        assertEquals(0, governor.inFlight());
    }

    @Test
    void aFailingAttemptGivesThePermitBackAndFailsTheCall() {
        run();
        IllegalStateException boom = new IllegalStateException("boom");
        steps.attempts.get(0).fail(boom);

        assertSame(boom, failed.get());
        assertEquals(0, governor.inFlight());
        assertEquals(0, steps.inFlight.get());
        assertEquals(List.of("attempt 1"), steps.log);
    }
}
