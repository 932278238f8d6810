package dev.shortener.governor;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Whether a provider is down, as its governor sees it in this replica: {@code threshold} outage-type failures in a row
 * (connection refused or reset, timeouts, 502/503/504 without Retry-After; no success between) open it, and while it
 * is open the governor grants no permit. After a delay that doubles from 1 s up to {@code maxProbeInterval}, one
 * permit goes out as a probe (half-open); a success closes the breaker, an outage failure opens it again. A probe
 * that never answers (cancelled) does not hold it half-open: the next probe goes after the next delay.
 * <p>
 * Any success closes it, a probe's or a call's sent before it opened: the provider answered, so it is up. The state
 * is read without a lock on every permit; the counters change under this object's lock, taken only on failures and
 * on the first success after them.
 */
public final class OutageBreaker {

    /** The breaker's state, with the value of its gauge. */
    public enum State {
        /** Calls go. */
        CLOSED(0),
        /** One probe went; its answer decides. */
        HALF_OPEN(1),
        /** No call goes until the next probe. */
        OPEN(2);

        private final int gauge;

        State(int gauge) {
            this.gauge = gauge;
        }

        /** The value of {@code shortener.governor.breaker}. */
        public int gauge() {
            return gauge;
        }
    }

    private static final long FIRST_DELAY = Duration.ofSeconds(1).toNanos();

    private final int threshold;
    private final long maxDelay;
    private final LongSupplier nanoTime;
    private volatile State state = State.CLOSED;
    private volatile boolean failing;
    private int failures;
    private long delay = FIRST_DELAY;
    private long nextProbeAt;
    private Instant since;
    private long opened;

    /** A breaker that opens after {@code threshold} outage failures in a row. */
    public OutageBreaker(int threshold, Duration maxProbeInterval, LongSupplier nanoTime) {
        if (threshold < 1) {
            throw new IllegalArgumentException("outage failures must be at least 1, got " + threshold);
        }
        this.threshold = threshold;
        this.maxDelay = Math.max(FIRST_DELAY, maxProbeInterval.toNanos());
        this.nanoTime = nanoTime;
    }

    /** The state now. */
    public State state() {
        return state;
    }

    /** Times it opened from closed so far. */
    public synchronized long opened() {
        return opened;
    }

    /** When the current outage began (its first failure in the run that opened it), or null when closed. */
    public synchronized Instant since() {
        return state == State.CLOSED ? null : since;
    }

    /** An answer that says the provider is up: any status but an outage one. */
    public void succeeded() {
        if (!failing && state == State.CLOSED) {
            return; // the common case, without a lock
        }
        synchronized (this) {
            failures = 0;
            failing = false;
            delay = FIRST_DELAY;
            since = null;
            state = State.CLOSED;
        }
    }

    /** An outage-type failure: counts towards opening, or re-opens a half-open breaker with a longer delay. */
    public synchronized void failed() {
        if (failures == 0) {
            since = Instant.now();
        }
        failures++;
        failing = true;
        switch (state) {
            case CLOSED -> {
                if (failures >= threshold) {
                    opened++;
                    open(FIRST_DELAY);
                }
            }
            case HALF_OPEN -> open(Math.min(maxDelay, delay * 2));
            case OPEN -> {
                // answers of calls sent before it opened: the next probe's time stays
            }
        }
    }

    private void open(long nextDelay) {
        delay = nextDelay;
        nextProbeAt = nanoTime.getAsLong() + delay;
        state = State.OPEN;
    }

    /**
     * Whether a permit may be granted at {@code now}; when the breaker is not closed, at most one per delay (the
     * probe), which makes it half-open. Call {@link #nextProbeAt()} to know when to ask again after a refusal.
     */
    synchronized boolean allows(long now) {
        if (state == State.CLOSED) {
            return true;
        }
        if (now - nextProbeAt < 0) {
            return false;
        }
        state = State.HALF_OPEN;
        // If this probe never answers, another goes after the same delay.
        nextProbeAt = now + delay;
        return true;
    }

    /** When the next probe may go (meaningful while not closed). */
    synchronized long nextProbeAt() {
        return nextProbeAt;
    }
}
