package dev.shortener.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import dev.shortener.governor.Governor;
import dev.shortener.governor.OutageBreaker;
import dev.shortener.governor.Waiting;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.RetryPolicy;
import io.smallrye.mutiny.Uni;

/**
 * The retry decisions of one call: a failure counted against {@code max-attempts} is retried after an
 * exponential backoff until they are used up; a limit answer, or an outage answer while the provider's breaker is not
 * closed, is retried without counting for as long as the call's wait budget lasts (the governor holds the permit
 * back meanwhile), and then the call fails with why it waited ({@code provider down since ...}). {@link CallRun}
 * asks it after each retryable answer and for each permit it must queue for; a call that needs neither gets none.
 */
final class CallRetries {

    /** A permit not granted within the call's wait budget. */
    static final class WaitedTooLong extends RuntimeException {
        final transient Attempt attempt;

        WaitedTooLong(Attempt attempt) {
            super(attempt.reason(), null, false, false);
            this.attempt = attempt;
        }
    }

    private final RetryPolicy policy;
    private final Governor.Lane lane;
    private final long maxWaitNanos;
    private int counted;
    private long waitingSince;
    private Instant waitingSinceAt;
    private int resent;
    private Attempt last;

    CallRetries(RetryPolicy policy, Governor.Lane lane, Duration maxWait) {
        this.policy = policy;
        this.lane = lane;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Attempts whose outcome was unknown (a timeout, a reset) and that were sent again. */
    int resent() {
        return resent;
    }

    /** The call's last attempt once {@link #next} said no more: the answer, or why the call stopped waiting. */
    Attempt last() {
        return last;
    }

    /**
     * The wait before the next attempt after {@code answer} (retryable, its permit given back), or null when the
     * call ends with {@link #last()}.
     */
    Duration next(Attempt answer) {
        last = answer;
        boolean down = lane.governor().breaker().state() != OutageBreaker.State.CLOSED;
        if (RetryPolicy.waitsFor(answer, down)) {
            long now = System.nanoTime();
            if (waitingSince == 0) {
                startWaiting(now);
            }
            if (now - waitingSince >= maxWaitNanos) {
                last = gaveUp(answer);
                return null;
            }
        } else if (++counted >= policy.maxAttempts()) {
            return null;
        }
        if (answer.outcomeUnknown()) {
            resent++;
        }
        return policy.backoff(answer.number() - 1, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Queues for the next attempt's permit (the first one included) when none was free: for at most what is left of
     * the wait budget once the call waits, failing with {@link WaitedTooLong}. The budget is the call's own: were it
     * counted from when the provider's wait began, every call after a long outage would fail at once and none would be
     * left to probe the provider.
     */
    Uni<Void> permit() {
        long now = System.nanoTime();
        if (waitingSince == 0 && lane.governor().currentWait().isPresent()) {
            startWaiting(now);
        }
        if (waitingSince == 0) {
            // Behind other calls, not behind a limit: no budget yet. Looked at again after maxWait, so that a call
            // queued before the provider began to wait still ends when its budget is used up.
            return lane.acquire().ifNoItem().after(Duration.ofNanos(maxWaitNanos)).recoverWithUni(this::requeued);
        }
        long left = maxWaitNanos - (now - waitingSince);
        if (left <= 0) {
            return Uni.createFrom().failure(new WaitedTooLong(gaveUp(last)));
        }
        return lane.acquire().ifNoItem().after(Duration.ofNanos(left))
                .failWith(() -> new WaitedTooLong(gaveUp(last)));
    }

    /**
     * A call that queued behind other calls before the provider began to wait: its budget counts from then, so that
     * it ends like the calls that were sent (a provider that never comes back must not hold a job's rows for ever).
     */
    private Uni<Void> requeued() {
        Optional<Waiting> current = lane.governor().currentWait();
        if (waitingSince == 0 && current.isPresent()) {
            startWaiting(System.nanoTime());
            Instant since = current.get().since();
            if (since != null) {
                waitingSince -= Math.max(0, Duration.between(since, Instant.now()).toNanos());
            }
        }
        return permit();
    }

    /**
     * The call's wait begins now: its budget is its own, so that work submitted or retried during a long outage
     * still waits its budget for the provider to come back; the reason names when the provider's wait began.
     */
    private void startWaiting(long now) {
        Instant at = Instant.now();
        waitingSince = now;
        waitingSinceAt = lane.governor().currentWait().map(Waiting::since).filter(s -> s.isBefore(at)).orElse(at);
    }

    /** Why the call stops waiting, as its last attempt (a first attempt that never got a permit has none). */
    private Attempt gaveUp(Attempt last) {
        String why = why(lane.governor().currentWait(), last != null && last.limited(), waitingSinceAt);
        return last == null ? Attempt.waitedTooLong(why) : Attempt.gaveUp(last, why);
    }

    /**
     * Why a call stopped waiting: the provider's current wait if there is one, else what its last attempt answered
     * ({@code limited}: a limit, else an outage), since {@code since}.
     */
    static String why(Optional<Waiting> current, boolean limited, Instant since) {
        if (current.isPresent()) {
            Waiting wait = current.get();
            return switch (wait.reason()) {
                case Waiting.QUOTA -> "quota exhausted until " + seconds(wait.until());
                case Waiting.RATE_LIMITED -> "rate limited since " + seconds(wait.since());
                default -> "provider down since " + seconds(wait.since());
            };
        }
        return (limited ? "rate limited since " : "provider down since ") + seconds(since);
    }

    private static Instant seconds(Instant at) {
        return at == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : at.truncatedTo(ChronoUnit.SECONDS);
    }
}
