package dev.shortener.governor;

import java.util.ArrayDeque;
import java.util.Deque;

import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The waiting callers of a governor in their lanes' round robin: each lane (a batch or a job chunk) queues its own
 * callers, and the lanes take turns, one permit each. Guarded by the governor's lock.
 */
final class Turns {

    /** Where a waiter is between queueing and receiving its permit. */
    enum State {
        QUEUED, GRANTED, DELIVERING, CANCELLED
    }

    /** One caller waiting for a permit. */
    static final class Waiter {
        final Governor.Lane lane;
        UniEmitter<? super Void> emitter;
        State state = State.QUEUED;
        volatile boolean received;

        Waiter(Governor.Lane lane) {
            this.lane = lane;
        }
    }

    private final Deque<Governor.Lane> order = new ArrayDeque<>();
    private int waiting;

    /** True when no lane waits. */
    boolean isEmpty() {
        return order.isEmpty();
    }

    /** Callers waiting now. */
    int waiting() {
        return waiting;
    }

    /** Queues {@code waiter} last in its lane; a lane that had nobody waiting takes the last turn. */
    void add(Waiter waiter) {
        if (waiter.lane.queue.isEmpty()) {
            order.addLast(waiter.lane);
        }
        waiter.lane.queue.addLast(waiter);
        waiting++;
    }

    /** Takes {@code waiter} out of its lane (cancelled while queued); false if it was not queued. */
    boolean remove(Waiter waiter) {
        if (!waiter.lane.queue.remove(waiter)) {
            return false;
        }
        waiting--;
        if (waiter.lane.queue.isEmpty()) {
            order.remove(waiter.lane);
        }
        return true;
    }

    /** The first waiter of the lane whose turn it is; that lane goes last if more of its callers wait. */
    Waiter next() {
        Governor.Lane lane = order.pollFirst();
        Waiter waiter = lane.queue.pollFirst();
        if (!lane.queue.isEmpty()) {
            order.addLast(lane);
        }
        waiting--;
        return waiter;
    }

    /** Puts a granted {@code waiter} back first in its lane, and its lane first. */
    void putBack(Waiter waiter) {
        waiting++;
        if (waiter.lane.queue.isEmpty()) {
            order.addFirst(waiter.lane);
        }
        waiter.lane.queue.addFirst(waiter);
    }
}
