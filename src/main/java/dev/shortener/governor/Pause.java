package dev.shortener.governor;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A governor's global pause after a 429 (with or without Retry-After) or a 503 with Retry-After: until when, since
 * when, how many so far, and the growing pause for limit answers without Retry-After. Its own lock is taken inside
 * the governor's, never around it; the hot path (an answer that asks for no pause, the transport's last check)
 * reads volatile fields only.
 */
final class Pause {

    private final LongSupplier nanoTime;
    private long until;
    // Volatile so that the permit's hot path reads "not paused" without the lock.
    private volatile boolean on;
    private Instant since;
    private long count;
    // Consecutive pauses without a Retry-After: each one that follows an ended pause doubles the next (capped).
    private int withoutRetryAfter;
    private volatile boolean recentWithoutRetryAfter;
    // The pause's end for lock-free readers (the transport's last check before sending); 0 when never paused.
    private volatile long ends;

    Pause(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** True while the pause holds calls at {@code now}. */
    boolean activeAt(long now) {
        if (!on) {
            return false;
        }
        synchronized (this) {
            return on && now - until < 0;
        }
    }

    /** True when calls may go at {@code now}; forgets a pause that ended. */
    boolean over(long now) {
        if (!on) {
            return true;
        }
        synchronized (this) {
            if (on && now - until < 0) {
                return false;
            }
            on = false;
            return true;
        }
    }

    /** The end of the pause, in nano time (meaningful while active). */
    synchronized long until() {
        return until;
    }

    /** When the running pause began. */
    synchronized Instant since() {
        return since;
    }

    /** Pauses started so far (a pause extended by a later 429 counts again). */
    synchronized long count() {
        return count;
    }

    /** Milliseconds the pause still lasts (rounded up), 0 when calls are not paused; lock-free. */
    long leftMillis() {
        long end = ends;
        if (end == 0) {
            return 0;
        }
        long left = end - nanoTime.getAsLong();
        return left > 0 ? (left + 999_999) / 1_000_000 : 0;
    }

    /** The end of the pause in epoch milliseconds, or 0 when calls are not paused. */
    synchronized long untilEpochMillis() {
        long left = until - nanoTime.getAsLong();
        return on && left > 0 ? System.currentTimeMillis() + left / 1_000_000 : 0;
    }

    /**
     * The pause an answer starts, or null: see {@link GovernorPolicy#pauseFor}; without Retry-After it is
     * {@code fallback} doubled (up to 32 times) for each further pause while limit answers continue after the
     * previous one ended, and none while a pause runs (the call was sent before it began).
     */
    Duration observe(int status, Duration retryAfter, Duration fallback) {
        Duration length = GovernorPolicy.pauseFor(status, retryAfter, fallback);
        if (length == null) {
            if (recentWithoutRetryAfter && status >= 200 && status < 300) {
                synchronized (this) {
                    withoutRetryAfter = 0;
                    recentWithoutRetryAfter = false;
                }
            }
            return null;
        }
        synchronized (this) {
            if (retryAfter == null) {
                if (activeAt(nanoTime.getAsLong())) {
                    return null;
                }
                length = GovernorPolicy.backoff(length, withoutRetryAfter++);
                recentWithoutRetryAfter = true;
            }
            return start(length) ? length : null;
        }
    }

    /** Pauses every call for {@code length} from now; never shortens a longer pause. True if it started or grew. */
    synchronized boolean start(Duration length) {
        long now = nanoTime.getAsLong();
        long end = now + length.toNanos();
        if (activeAt(now) && end - until <= 0) {
            return false;
        }
        if (!activeAt(now)) {
            since = Instant.now();
        }
        until = end;
        ends = end;
        on = true;
        count++;
        return true;
    }
}
