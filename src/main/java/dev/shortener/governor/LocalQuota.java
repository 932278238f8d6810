package dev.shortener.governor;

import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/** A quota counted by this replica alone (the embedded store: one replica); the gauge reads it from its own thread. */
final class LocalQuota implements Quota {

    private final QuotaSpec spec;
    private final LongSupplier epochMillis;
    private long periodStart = Long.MIN_VALUE;
    private long used;
    private Instant exhaustedSince;

    LocalQuota(QuotaSpec spec, LongSupplier epochMillis) {
        this.spec = spec;
        this.epochMillis = epochMillis;
    }

    @Override
    public synchronized boolean tryTake() {
        roll();
        if (used >= spec.limit()) {
            if (exhaustedSince == null) {
                exhaustedSince = Instant.ofEpochMilli(epochMillis.getAsLong());
            }
            return false;
        }
        used++;
        return true;
    }

    @Override
    public synchronized long retryInNanos() {
        long now = epochMillis.getAsLong();
        return Math.max(1, spec.periodEnd(now).toEpochMilli() - now) * 1_000_000;
    }

    @Override
    public synchronized Optional<Instant> exhaustedUntil() {
        roll();
        return used >= spec.limit() ? Optional.of(spec.periodEnd(epochMillis.getAsLong())) : Optional.empty();
    }

    @Override
    public synchronized Instant exhaustedSince() {
        return exhaustedSince;
    }

    @Override
    public synchronized long remaining() {
        roll();
        return spec.limit() - used;
    }

    private void roll() {
        long start = spec.periodStart(epochMillis.getAsLong());
        if (start != periodStart) {
            periodStart = start;
            used = 0;
            exhaustedSince = null;
        }
    }
}
