package dev.shortener.upstream;

import java.time.Duration;

import dev.shortener.config.ShortenerConfig;

/**
 * The one retry policy of every model: which attempts are worth another try, how many tries in all, and the
 * exponential backoff (with jitter) between them; limit answers and outages are retried without counting while the
 * call's wait budget lasts. A Retry-After on a 429 or 503 is honoured as a minimum by the provider's governor, which
 * pauses every call until then.
 *
 * @param maxAttempts attempts in all, the first one included
 * @param initialBackoff the wait before the first retry, doubling each time
 * @param maxBackoff the longest wait between two attempts
 * @param jitter the random share of each wait, 0 to 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {

    /** Half of each wait is random: retries of calls that failed together spread out. */
    public static final double JITTER = 0.5;

    /** Checks the values, so that a bad setting fails at start-up rather than on the first retry. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("shortener.retry.max-attempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("shortener.retry backoffs must satisfy 0 < initial-backoff <= "
                    + "max-backoff, got " + initialBackoff + " and " + maxBackoff);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
    }

    /** The policy configured under {@code shortener.retry}. */
    public static RetryPolicy of(ShortenerConfig config) {
        return new RetryPolicy(config.retry().maxAttempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff(), JITTER);
    }

    /** Retries after the first attempt, at most. */
    public int maxRetries() {
        return maxAttempts - 1;
    }

    /** Whether {@code attempt}, counted against {@code maxAttempts} as its number says, may be followed by another. */
    public boolean shouldRetry(Attempt attempt) {
        return attempt.retryable() && attempt.number() < maxAttempts;
    }

    /**
     * Whether a retryable {@code attempt} is retried without counting against {@code maxAttempts} (while the call's
     * wait budget lasts): a limit answer always, an outage answer once the provider's breaker is no longer closed
     * ({@code providerDown}). A single slow or failing call before that counts as any other failure.
     */
    public static boolean waitsFor(Attempt attempt, boolean providerDown) {
        return attempt.retryable() && (attempt.limited() || providerDown && attempt.outage());
    }

    /** The wait before the retry that follows {@code retries} earlier retries, with {@code random} in [0, 1). */
    public Duration backoff(int retries, double random) {
        long base = initialBackoff.toNanos() << Math.min(30, Math.max(0, retries));
        long capped = base <= 0 ? maxBackoff.toNanos() : Math.min(maxBackoff.toNanos(), base);
        // Up to jitter of the wait is taken off at random: retries of calls that failed together spread out.
        return Duration.ofNanos(Math.max(1, Math.round(capped * (1 - jitter * random))));
    }
}
