package dev.shortener.pipeline;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} tasks at once across every {@link FanOut} that shares this: one batch has its own, the chunks
 * of one job on a replica share one, so that the job runs at its model's limit without a pause between chunks (the
 * next chunk fills the slots the ending one frees).
 */
public final class Slots {

    private final int limit;
    private final AtomicInteger used = new AtomicInteger();
    /** Fan-outs that found no free slot: one is woken per slot released. */
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    /** Slots for at most {@code limit} tasks at once. */
    public Slots(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
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
     * Registers {@code wake} to run once a slot is released. The caller must try {@link #tryAcquire()} again after
     * registering: a slot released in between would otherwise wake nobody.
     */
    void await(Runnable wake) {
        waiting.add(wake);
    }

    void release() {
        used.decrementAndGet();
        wakeNext();
    }

    /** Wakes the fan-out waiting longest, if any. */
    void wakeNext() {
        Runnable next = waiting.poll();
        if (next != null) {
            next.run();
        }
    }
}
