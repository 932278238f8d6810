package dev.shortener.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.shortener.governor.Governor;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

/** One call's steps in order, and its permit given back exactly once: on an answer, a failure or a cancellation. */
class CallRunTest {

    static final UpstreamCall CALL = UpstreamCall.shorten("https://example.com/a", null);

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
        final List<String> log = new ArrayList<>();
        final List<UniEmitter<? super Attempt>> attempts = new ArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        Uni<Void> before;
        Uni<Attempt> retries;
        Attempt last;
        int permitsDuringAnswer = -1;

        @Override
        public Uni<Void> beforeSend(UpstreamCall call) {
            return before;
        }

        @Override
        public Governor.Lane lane(UpstreamCall call) {
            return lane;
        }

        @Override
        public Uni<Attempt> attempt(UpstreamCall call, int number) {
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
        public boolean shouldRetry(Attempt attempt) {
            return attempt.retryable();
        }

        @Override
        public Uni<Attempt> retried(UpstreamCall call, Governor.Lane lane, Attempt first) {
            log.add("retried " + first.reason());
            return retries;
        }

        @Override
        public void finished(int index, UpstreamCall call, Attempt attempt, long latencyNanos) {
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
    void aRetryableFirstAttemptIsHandedToTheRetriesAfterItsPermitWentBack() {
        Attempt second = answer("https://tiny/b", false, 2);
        steps.retries = Uni.createFrom().item(() -> {
            assertEquals(0, governor.inFlight(), "the first attempt's permit is back before the retries start");
            return second;
        });
        run();
        steps.attempts.get(0).complete(answer(null, true, 1));

        assertEquals(List.of("attempt 1", "answered null", "retried 503", "finished 7 https://tiny/b"), steps.log);
        assertSame(second, steps.last);
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
