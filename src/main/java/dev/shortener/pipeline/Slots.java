package dev.shortener.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} tasks at once across every {@link FanOut} that shares this: one batch has its own, the chunks
 * of one job on a replica share one, so that the job runs at its model's limit without a pause between chunks (the
 * next chunk fills the slots the ending one frees). A freed slot goes to the oldest fan-out waiting: the chunks of a
 * job then end one after the other, each ending while the next ones keep the limit busy. Served in turn, they all
 * ended at about the same time, and the calls in flight dropped at every such tail.
 */
public final class Slots {

    private final int limit;
    private final Optional<Duration> maxWait;
    private final AtomicInteger used = new AtomicInteger();
    /** Fan-outs that found no free slot, by age: the oldest is woken per slot released. */
    private final ConcurrentSkipListMap<Long, Runnable> waiting = new ConcurrentSkipListMap<>();

    /** Slots for at most {@code limit} tasks at once, whose calls wait through limits and outages as batches do. */
    public Slots(int limit) {
        this(limit, null);
    }

    /**
     * Slots for at most {@code limit} tasks at once, whose calls wait up to {@code maxWait} through limits and outages
     * (jobs), or as long as {@code shortener.upstream.max-wait} says when null (batches).
     */
    public Slots(int limit, Duration maxWait) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.maxWait = Optional.ofNullable(maxWait);
    }

    /** How long a call may wait through limits and outages, when not the batches' default. */
    Optional<Duration> maxWait() {
        return maxWait;
    }

    /** Tasks running now. */
    public int used() {
        return used.get();
    }

    boolean tryAcquire() {
        while (true) {
            int now = used.get();
            if (now >= limit) {
                return false;
            }
            if (used.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /**
     * Registers {@code wake} of the fan-out numbered {@code age} (lower is older; one registration per fan-out at a
     * time) to run once a slot is released. The caller must try {@link #tryAcquire()} again after registering: a slot
     * released in between would otherwise wake nobody.
     */
    void await(long age, Runnable wake) {
        waiting.put(age, wake);
    }

    void release() {
        used.decrementAndGet();
        wakeNext();
    }

    /** Wakes the oldest fan-out waiting, if any. */
    void wakeNext() {
        Map.Entry<Long, Runnable> next = waiting.pollFirstEntry();
        if (next != null) {
            next.getValue().run();
        }
    }
}
