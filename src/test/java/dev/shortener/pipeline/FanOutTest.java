package dev.shortener.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

/** The bounded fan-out: limit, order, completion, failure and cancellation, with tasks completed by hand. */
class FanOutTest {

    final List<Integer> started = new ArrayList<>();
    final List<UniEmitter<? super Void>> pending = new ArrayList<>();
    final List<Integer> cancelled = new ArrayList<>();
    final AtomicBoolean completed = new AtomicBoolean();
    final AtomicReference<Throwable> failed = new AtomicReference<>();

    Cancellable run(int count, int limit) {
        return Uni.createFrom().<Void> emitter(done -> {
            FanOut fanOut = new FanOut(count, limit, index -> Uni.createFrom().<Void> emitter(task -> {
                started.add(index);
                pending.add(task);
            }).onCancellation().invoke(() -> cancelled.add(index)), done);
            done.onTermination(fanOut::cancel);
            fanOut.start();
        }).subscribe().with(ignored -> completed.set(true), failed::set);
    }

    void finish(int index) {
        pending.get(started.indexOf(index)).complete(null);
    }

    @Test
    void startsUpToTheLimitInOrderAndOneMoreAsEachFinishes() {
        run(5, 2);
        assertEquals(List.of(0, 1), started);

        finish(1);
        assertEquals(List.of(0, 1, 2), started);
        finish(0);
        finish(2);
        assertEquals(List.of(0, 1, 2, 3, 4), started);
        assertFalse(completed.get());
        finish(3);
        finish(4);
        assertTrue(completed.get());
    }

    @Test
    void aLimitAboveTheCountStartsEverything() {
        run(3, 10);
        assertEquals(List.of(0, 1, 2), started);
    }

    @Test
    void tasksThatFinishAtOnceDoNotRecurse() {
        List<Integer> ran = new ArrayList<>();
        Uni.createFrom().<Void> emitter(done -> new FanOut(100_000, 1, index -> {
            ran.add(index);
            return Uni.createFrom().voidItem();
        }, done).start()).await().indefinitely();
        assertEquals(100_000, ran.size());
        assertEquals(99_999, ran.getLast());
    }

    @Test
    void aFailureFailsTheRunAndCancelsTheOthers() {
        run(4, 3);
        IllegalStateException boom = new IllegalStateException("boom");
        pending.get(1).fail(boom);

        assertSame(boom, failed.get());
        assertEquals(List.of(0, 2), cancelled.stream().sorted().toList());
        assertEquals(List.of(0, 1, 2), started, "nothing starts after a failure");
    }

    @Test
    void cancellingTheRunCancelsRunningTasksAndStartsNoMore() {
        Cancellable run = run(4, 2);
        run.cancel();

        assertEquals(List.of(0, 1), cancelled.stream().sorted().toList());
        assertEquals(List.of(0, 1), started);
        assertFalse(completed.get());
    }

    @Test
    void theLimitMustAllowACall() {
        assertThrows(IllegalArgumentException.class, () -> new FanOut(1, 0, index -> Uni.createFrom().voidItem(), null));
    }
}
