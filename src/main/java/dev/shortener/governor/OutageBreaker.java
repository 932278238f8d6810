package dev.shortener.governor;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Whether a provider is down, as its governor sees it: {@code threshold} outage-type failures in a row (connection
 * refused or reset, timeouts, 502/503/504 without Retry-After; no success between) open it, and while it is open the
 * governor grants no permit. After a delay that doubles from 1 s up to {@code maxProbeInterval}, one permit goes out
 * as a probe (half-open); a success closes the breaker, an outage failure opens it again. A probe that never answers
 * (cancelled) does not hold it half-open: the next probe goes after the next delay.
 * <p>
 * Any success closes it, a probe's or a call's sent before it opened: the provider answered, so it is up. The state
 * is read without a lock on every permit; the counters change under this object's lock, taken only on failures and
 * on the first success after them.
 * <p>
 * Shared by replicas ({@link BreakerChannel}): what this breaker decides goes to its {@link Listener}; a breaker
 * opened elsewhere {@link #follow follows} the replica that probes (no probe of its own until that replica has been
 * silent past its announced delay) and a close elsewhere {@link #closeElsewhere closes} it. Messages are ordered by
 * their sending time: an opening sent before this breaker last closed, or a closing sent before it last opened, is
 * stale and ignored.
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

    /** Hears what this breaker decides by itself; called under its lock, so it must not block (it enqueues). */
    interface Listener {
        /** Open here since {@code since}; this replica probes (again) within {@code delayNanos}. */
        void open(Instant since, long delayNanos, long atMillis);

        /** Closed here by a success. */
        void closed(long atMillis);
    }

    private static final long FIRST_DELAY = Duration.ofSeconds(1).toNanos();

    private final int threshold;
    private final long maxDelay;
    private final LongSupplier nanoTime;
    private final LongSupplier wallMillis;
    private volatile State state = State.CLOSED;
    private volatile boolean failing;
    private volatile Listener listener;
    private int failures;
    private long delay = FIRST_DELAY;
    private long nextProbeAt;
    private Instant since;
    private long opened;
    // Opened by another replica that probes: this one waits for its word, and probes only once that stops coming.
    private boolean following;
    // Wall times of the last opening and closing (or of the message that made them): older messages are stale.
    private long openedAtMillis;
    private long closedAtMillis;

    /** A breaker that opens after {@code threshold} outage failures in a row. */
    public OutageBreaker(int threshold, Duration maxProbeInterval, LongSupplier nanoTime) {
        this(threshold, maxProbeInterval, nanoTime, System::currentTimeMillis);
    }

    /** A breaker on the given clocks (the unit tests' manual ones). */
    OutageBreaker(int threshold, Duration maxProbeInterval, LongSupplier nanoTime, LongSupplier wallMillis) {
        if (threshold < 1) {
            throw new IllegalArgumentException("outage failures must be at least 1, got " + threshold);
        }
        this.threshold = threshold;
        this.maxDelay = Math.max(FIRST_DELAY, maxProbeInterval.toNanos());
        this.nanoTime = nanoTime;
        this.wallMillis = wallMillis;
    }

    /** The state now. */
    public State state() {
        return state;
    }

    /** Times it opened from closed so far (here or, followed, elsewhere). */
    public synchronized long opened() {
        return opened;
    }

    /** When the current outage began (its first failure in the run that opened it), or null when closed. */
    public synchronized Instant since() {
        return state == State.CLOSED ? null : since;
    }

    /** True while another replica probes for this one. */
    public synchronized boolean following() {
        return following && state != State.CLOSED;
    }

    /** Who hears this breaker's own decisions (the cluster); null for none. */
    void setListener(Listener listener) {
        this.listener = listener;
    }

    /** An answer that says the provider is up: any status but an outage one. */
    public void succeeded() {
        if (!failing && state == State.CLOSED) {
            return; // the common case, without a lock
        }
        synchronized (this) {
            boolean wasOpen = state != State.CLOSED;
            close(wallMillis.getAsLong());
            Listener heard = listener;
            if (wasOpen && heard != null) {
                heard.closed(closedAtMillis);
            }
        }
    }

    private void close(long atMillis) {
        failures = 0;
        failing = false;
        following = false;
        delay = FIRST_DELAY;
        since = null;
        state = State.CLOSED;
        closedAtMillis = Math.max(closedAtMillis, atMillis);
    }

    /** An outage-type failure: counts towards opening, or re-opens a half-open breaker with a longer delay. */
    public synchronized void failed() {
        if (failures == 0 && state == State.CLOSED) {
            since = Instant.ofEpochMilli(wallMillis.getAsLong());
        }
        failures++;
        failing = true;
        switch (state) {
            case CLOSED -> {
                if (failures >= threshold) {
                    opened++;
                    openedAtMillis = Math.max(openedAtMillis, wallMillis.getAsLong());
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
        following = false;
        announce();
    }

    private void announce() {
        Listener heard = listener;
        if (heard != null) {
            heard.open(since, delay, Math.max(openedAtMillis, wallMillis.getAsLong()));
        }
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
        // A follower gets here only when the prober went silent: it takes over.
        following = false;
        // If this probe never answers, another goes after the same delay.
        nextProbeAt = now + delay;
        announce();
        return true;
    }

    /** When the next probe may go (meaningful while not closed). */
    synchronized long nextProbeAt() {
        return nextProbeAt;
    }

    /**
     * Another replica's breaker is open since {@code outage} and that replica probes within {@code delayNanos}: this
     * one holds its calls and probes only if it hears nothing more for {@code takeOverNanos}. A replica that probes
     * itself yields only when {@code outranks} (the tie-break between two that opened at once).
     *
     * @return false when ignored (stale, or this replica keeps probing)
     */
    synchronized boolean follow(Instant outage, long delayNanos, long takeOverNanos, boolean outranks,
            long sentAtMillis) {
        if (sentAtMillis < closedAtMillis) {
            return false; // sent before this breaker last closed: that replica hears the closing too
        }
        if (state == State.CLOSED) {
            opened++;
            openedAtMillis = Math.max(openedAtMillis, sentAtMillis);
            since = outage;
        } else if (since == null || outage.isBefore(since)) {
            // One outage, one since on every replica: the earliest any of them saw (announced with the next probe).
            since = outage;
        }
        if (state != State.CLOSED && !following && !outranks) {
            return false;
        }
        state = State.OPEN;
        following = true;
        failing = true;
        delay = Math.max(FIRST_DELAY, Math.min(maxDelay, delayNanos));
        nextProbeAt = nanoTime.getAsLong() + takeOverNanos;
        return true;
    }

    /**
     * Another replica's breaker closed at {@code sentAtMillis} (the provider answered there): this one closes too,
     * unless it opened again since.
     *
     * @return true when it closed
     */
    synchronized boolean closeElsewhere(long sentAtMillis) {
        if (state == State.CLOSED || sentAtMillis < openedAtMillis) {
            return false;
        }
        close(sentAtMillis);
        return true;
    }
}
