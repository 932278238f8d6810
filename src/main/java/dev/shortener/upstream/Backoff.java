package dev.shortener.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The wait before a retry, shared by the reactive client and the worker processes' blocking client. */
final class Backoff {

    private Backoff() {
    }

    /** Exponential backoff with "equal jitter"; a Retry-After is a floor, not a suggestion. */
    static Duration after(int failedAttempts, Duration initial, Duration max, Duration retryAfter) {
        long base = initial.toMillis() << Math.min(failedAttempts - 1, 20);
        long capped = Math.min(base, max.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return retryAfter == null ? Duration.ofMillis(jittered)
                : Duration.ofMillis(Math.max(jittered, retryAfter.toMillis()));
    }
}
