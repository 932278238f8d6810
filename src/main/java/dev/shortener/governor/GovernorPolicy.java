package dev.shortener.governor;

import java.time.Duration;

/** Which answers pause a whole provider, and for how long. */
public final class GovernorPolicy {

    private GovernorPolicy() {
    }

    /**
     * The global pause an answer asks for: a 429 pauses for its Retry-After (or {@code fallback} without one); a 503
     * pauses only when it names a Retry-After; anything else does not pause (null).
     */
    public static Duration pauseFor(int status, Duration retryAfter, Duration fallback) {
        if (status == 429) {
            return retryAfter != null ? retryAfter : fallback;
        }
        if (status == 503 && retryAfter != null) {
            return retryAfter;
        }
        return null;
    }

    /** Most times the pause without Retry-After grows over the fallback. */
    static final int MAX_BACKOFF_FACTOR = 32;

    /** The pause without Retry-After after {@code previous} such pauses in a row: doubled each time, capped. */
    public static Duration backoff(Duration fallback, int previous) {
        return fallback.multipliedBy(Math.min(MAX_BACKOFF_FACTOR, 1L << Math.min(previous, 30)));
    }
}
