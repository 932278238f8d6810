package dev.shortener.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Runs tasks {@code 0..count-1} with at most {@code limit} at once, in index order, and completes {@code done} when
 * all have; the first failure fails it and cancels the rest. This is {@code Multi.range(..).transformToUni(..)
 * .merge(limit)} without its drain loop, which scans every inner subscriber on each completion: at a limit of 1000
 * that scan was the largest single cost of a call. Here starting the next task is O(1): a serialised drain (one
 * thread at a time starts tasks, others only signal) keeps the start order and never recurses.
 */
final class FanOut {

    private final int count;
    private final int limit;
    private final IntFunction<Uni<Void>> task;
    private final UniEmitter<? super Void> done;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger remaining;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Set<Cancellable> running = ConcurrentHashMap.newKeySet();
    private int next; // guarded by the drain (wip)

    FanOut(int count, int limit, IntFunction<Uni<Void>> task, UniEmitter<? super Void> done) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.count = count;
        this.limit = limit;
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
            while (!finished.get() && next < count && active.get() < limit) {
                active.incrementAndGet();
                launch(next++);
            }
        } while (wip.decrementAndGet() != 0);
    }

    private void launch(int index) {
        Handle handle = new Handle();
        running.add(handle);
        Uni<Void> uni;
        try {
            uni = task.apply(index);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        uni.subscribe().withSubscriber(handle);
        if (finished.get()) {
            handle.cancel(); // cancelled while it was being subscribed
        }
    }

    private void completed() {
        active.decrementAndGet();
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
     * A running task's subscriber and its cancellation. A subscriber rather than {@code subscribe().with(..)}: Mutiny
     * wraps callbacks for context propagation, which this path does not need.
     */
    private final class Handle implements Cancellable, UniSubscriber<Void> {
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
                completed();
            }
        }

        @Override
        public void onFailure(Throwable failure) {
            if (!cancelled && running.remove(this)) {
                fail(failure);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            UniSubscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
