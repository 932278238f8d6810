package dev.shortener.governor;

import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What a permit must pass besides the in-flight limit, in this order: the global pause, the smooth rate (one permit
 * every {@code 1/rate} seconds), the outage breaker and the quota. The order matters: a quota permit or a rate
 * interval taken for a call that the breaker then holds back would be lost. Guarded by the governor's lock, but for
 * {@link #waiting} (the pause, the breaker and the quota lock themselves).
 */
final class Gate {

    private final LongSupplier nanoTime;
    private final OutageBreaker breaker;
    private final Pause pause;
    private long intervalNanos;
    private long nextPermitAt;
    private volatile Quota quota;
    // Set when closed: when to look again (retryKnown false: another event opens it, e.g. a quota lease).
    private long retryAt;
    private boolean retryKnown;

    Gate(double rate, LongSupplier nanoTime, OutageBreaker breaker) {
        this.nanoTime = nanoTime;
        this.breaker = breaker;
        this.pause = new Pause(nanoTime);
        this.intervalNanos = interval(rate);
        this.nextPermitAt = nanoTime.getAsLong();
    }

    /** Whether one permit may go at {@code now}: true takes the rate's interval and the quota's permit. */
    boolean open(long now) {
        retryKnown = true;
        if (!pause.over(now)) {
            retryAt = pause.until();
            return false;
        }
        if (intervalNanos > 0 && now - nextPermitAt < 0) {
            retryAt = nextPermitAt;
            return false;
        }
        if (breaker.state() != OutageBreaker.State.CLOSED && !breaker.allows(now)) {
            retryAt = breaker.nextProbeAt();
            return false;
        }
        Quota counted = quota;
        if (counted != null && !counted.tryTake()) {
            long retryIn = counted.retryInNanos();
            retryKnown = retryIn > 0;
            retryAt = now + retryIn;
            return false;
        }
        if (intervalNanos > 0) {
            // Smooth: no burst after an idle period, one permit per interval.
            nextPermitAt = Math.max(nextPermitAt, now) + intervalNanos;
        }
        return true;
    }

    /** After {@link #open} said no: true when time alone opens it again, at {@link #retryAt()}. */
    boolean retryKnown() {
        return retryKnown;
    }

    /** After {@link #open} said no: when to ask again (nano time). */
    long retryAt() {
        return retryAt;
    }

    /** Sets the smooth rate, permits per second (0: none). */
    void setRate(double rate) {
        long interval = interval(rate);
        // Time already waited at the old pace counts: never later than the new interval from now.
        nextPermitAt = Math.min(nextPermitAt, nanoTime.getAsLong() + interval);
        intervalNanos = interval;
    }

    Pause pause() {
        return pause;
    }

    Quota quota() {
        return quota;
    }

    void setQuota(Quota quota) {
        this.quota = quota;
    }

    /** Why calls to {@code provider} wait now (an outage, a pause, then the quota), if they do. */
    Optional<Waiting> waiting(String provider) {
        if (breaker.state() != OutageBreaker.State.CLOSED) {
            Instant since = breaker.since();
            return Optional.of(new Waiting(provider, Waiting.OUTAGE, since != null ? since : Instant.now(), null));
        }
        long now = nanoTime.getAsLong();
        if (!pause.activeAt(now)) {
            Quota counted = quota;
            return counted == null ? Optional.empty() : counted.exhaustedUntil()
                    .map(until -> new Waiting(provider, Waiting.QUOTA, counted.exhaustedSince(), until));
        }
        return Optional.of(new Waiting(provider, Waiting.RATE_LIMITED, pause.since(),
                Instant.now().plusNanos(pause.until() - now)));
    }

    private static long interval(double rate) {
        return rate == 0 ? 0 : Math.max(1, Math.round(1e9 / rate));
    }
}
