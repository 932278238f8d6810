package dev.shortener.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import dev.shortener.config.ShortenerConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * One Bucket4j token bucket per API key ({@code shortener.auth.rate-limit} requests per {@code rate-period}, refilled
 * evenly). Buckets exist only for configured keys, so their number is bounded by the configuration.
 */
@Singleton
public class RateLimiter {

    /** What one request's check found, for the {@code RateLimit-*} and {@code Retry-After} headers. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private final Optional<Integer> limit;
    private final Duration period;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(ShortenerConfig config) {
        this.limit = config.auth().rateLimit().isPresent() ? Optional.of(config.auth().rateLimit().getAsInt())
                : Optional.empty();
        this.period = config.auth().ratePeriod();
        limit.ifPresent(l -> {
            if (l < 1 || period.isZero() || period.isNegative()) {
                throw new IllegalStateException("shortener.auth.rate-limit must be at least 1 and "
                        + "shortener.auth.rate-period positive, got " + l + " per " + period);
            }
        });
    }

    /** Takes one request from {@code caller}'s bucket; empty when no rate limit is configured. */
    public Optional<Decision> take(String caller) {
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        int capacity = limit.get();
        Bucket bucket = buckets.computeIfAbsent(caller, name -> Bucket.builder()
                .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, period))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long reset = seconds(probe.getNanosToWaitForReset());
        return Optional.of(new Decision(probe.isConsumed(), capacity, probe.getRemainingTokens(), reset,
                probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill()))));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
