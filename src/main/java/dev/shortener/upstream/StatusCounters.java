package dev.shortener.upstream;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

import io.micrometer.core.instrument.Counter;

/**
 * Counters by HTTP status kept at hand: finding a meter in the registry (or a map keyed by status) for every call was
 * a measurable part of its CPU. Statuses outside 0..599 are looked up each time.
 */
public final class StatusCounters {

    private static final int CACHED = 600;

    private final IntFunction<Counter> lookup;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(CACHED);

    /** Counters found (or registered) by {@code lookup} once per status. */
    public StatusCounters(IntFunction<Counter> lookup) {
        this.lookup = lookup;
    }

    /** Counts one answer with {@code status}. */
    public void increment(int status) {
        if (status < 0 || status >= CACHED) {
            lookup.apply(status).increment();
            return;
        }
        Counter counter = byStatus.get(status);
        if (counter == null) {
            counter = lookup.apply(status); // a race only looks the same counter up twice
            byStatus.set(status, counter);
        }
        counter.increment();
    }
}
