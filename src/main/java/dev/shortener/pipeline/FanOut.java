package dev.shortener.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Runs tasks {@code 0..count-1} with at most {@code limit} at once (its own {@link Slots}, or slots shared with other
 * fan-outs), in index order, and completes {@code done} when
 * all have; the first failure fails it and cancels the rest. This is {@code Multi.range(..).transformToUni(..)
 * .merge(limit)} without its drain loop, which scans every inner subscriber on each completion: at a limit of 1000
 * that scan was the largest single cost of a call. Here starting the next task is O(1): a serialised drain (one
 * thread at a time starts tasks, others only signal) keeps the start order and never recurses.
 */
final class FanOut {

    /** Ages of fan-outs: a shared slot goes to the oldest waiting (see {@link Slots}). */
    private static final AtomicLong AGES = new AtomicLong();

    private final long age = AGES.incrementAndGet();
    private final int count;
    private final Slots slots;
    private final IntFunction<Uni<Void>> task;
    private final UniEmitter<? super Void> done;
    private final AtomicInteger wip = new AtomicInteger();
    /** Whether this fan-out is queued in {@link Slots} for a free slot (at most once at a time). */
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AtomicInteger remaining;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Set<Cancellable> running = ConcurrentHashMap.newKeySet();
    private int next; // guarded by the drain (wip)

    FanOut(int count, int limit, IntFunction<Uni<Void>> task, UniEmitter<? super Void> done) {
        this(count, new Slots(limit), task, done);
    }

    FanOut(int count, Slots slots, IntFunction<Uni<Void>> task, UniEmitter<? super Void> done) {
        this.count = count;
        this.slots = slots;
        this.task = task;
        this.done = done;
        this.remaining = new AtomicInteger(count);
    }

    /** Starts the first tasks, up to the limit. */
    void start() {
        drain();
    }

    /** Stops starting tasks and cancels those running. */
    void cancel() {
        if (finished.compareAndSet(false, true)) {
            running.forEach(Cancellable::cancel);
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            while (!finished.get() && next < count) {
                if (!slots.tryAcquire()) {
                    // Queue for a slot, then look once more: one released before we queued would wake nobody.
                    if (waiting.compareAndSet(false, true)) {
                        slots.await(age, this::woken);
                        if (slots.tryAcquire()) {
                            launch(next++);
                            continue;
                        }
                    }
                    break;
                }
                launch(next++);
            }
        } while (wip.decrementAndGet() != 0);
    }

    private void woken() {
        waiting.set(false);
        if (finished.get() || next >= count) {
            slots.wakeNext(); // nothing left to start here: the freed slot goes to the next fan-out waiting
            return;
        }
        drain();
    }

    private void launch(int index) {
        Handle handle = new Handle();
        running.add(handle);
        Uni<Void> uni;
        try {
            uni = task.apply(index);
        } catch (RuntimeException e) {
            fail(e);
            handle.free();
            return;
        }
        uni.subscribe().withSubscriber(handle);
        if (finished.get()) {
            handle.cancel(); // cancelled while it was being subscribed
        }
    }

    private void completed() {
        if (remaining.decrementAndGet() == 0) {
            if (finished.compareAndSet(false, true)) {
                done.complete(null);
            }
        } else {
            drain();
        }
    }

    private void fail(Throwable failure) {
        if (finished.compareAndSet(false, true)) {
            running.forEach(Cancellable::cancel);
            done.fail(failure);
        }
    }

    /**
     * A running task's subscriber, its cancellation, and its slot, given back exactly once: when the task ends or is
     * cancelled (shared slots must not leak when one fan-out is cancelled or fails). A subscriber rather than
     * {@code subscribe().with(..)}: Mutiny wraps callbacks for context propagation, which this path does not need.
     */
    private final class Handle implements Cancellable, UniSubscriber<Void> {
        private final AtomicBoolean freed = new AtomicBoolean();
        private volatile UniSubscription subscription;
        private volatile boolean cancelled;

        @Override
        public void onSubscribe(UniSubscription upstream) {
            subscription = upstream;
            if (cancelled) {
                upstream.cancel();
            }
        }

        @Override
        public void onItem(Void item) {
            if (!cancelled && running.remove(this)) { // once
                free();
                completed();
            }
        }

        @Override
        public void onFailure(Throwable failure) {
            if (!cancelled && running.remove(this)) {
                fail(failure); // first: the slot freed next must not start another task of this run
                free();
            }
        }

        void free() {
            if (freed.compareAndSet(false, true)) {
                slots.release();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            UniSubscription current = subscription;
            if (current != null) {
                current.cancel();
            }
            free();
        }
    }
}
