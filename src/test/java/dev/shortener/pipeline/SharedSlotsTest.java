package dev.shortener.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

/** Fan-outs sharing {@link Slots} (a job's chunks): one limit across them, slots handed on, never leaked. */
class SharedSlotsTest {

    /** One fan-out whose tasks are completed by hand. */
    static final class Run {
        final List<Integer> started = new ArrayList<>();
        final List<UniEmitter<? super Void>> pending = new ArrayList<>();
        boolean completed;
        Cancellable subscription;

        Run(int count, Slots slots) {
            subscription = Uni.createFrom().<Void> emitter(done -> {
                FanOut fanOut = new FanOut(count, slots, index -> Uni.createFrom().<Void> emitter(task -> {
                    started.add(index);
                    pending.add(task);
                }), done);
                done.onTermination(fanOut::cancel);
                fanOut.start();
            }).subscribe().with(ignored -> completed = true, failure -> {
            });
        }

        void finish(int index) {
            pending.get(started.indexOf(index)).complete(null);
        }
    }

    @Test
    void theSecondRunTakesTheSlotsTheFirstFrees() {
        Slots slots = new Slots(3);
        Run first = new Run(4, slots);
        Run second = new Run(3, slots);
        assertEquals(List.of(0, 1, 2), first.started);
        assertEquals(List.of(), second.started, "no slot left for the second run");

        first.finish(0);
        assertEquals(List.of(0, 1, 2, 3), first.started, "the first run was waiting longest");
        first.finish(1);
        assertEquals(List.of(0), second.started);
        first.finish(2);
        first.finish(3);
        assertTrue(first.completed);
        assertEquals(List.of(0, 1, 2), second.started, "the ending run's slots all went to the next one");
        assertEquals(3, slots.used());
    }

    @Test
    void aCancelledRunGivesItsSlotsBack() {
        Slots slots = new Slots(2);
        Run first = new Run(5, slots);
        Run second = new Run(2, slots);
        assertEquals(List.of(), second.started);

        first.subscription.cancel();
        assertEquals(List.of(0, 1), second.started);
        second.finish(0);
        second.finish(1);
        assertTrue(second.completed);
        assertEquals(0, slots.used());
    }

    @Test
    void aRunThatHasStartedEverythingPassesTheWakeOn() {
        Slots slots = new Slots(1);
        Run first = new Run(1, slots);
        Run second = new Run(1, slots);
        Run third = new Run(1, slots);
        first.finish(0);
        assertEquals(List.of(0), second.started);
        assertEquals(List.of(), third.started);
        second.finish(0);
        assertEquals(List.of(0), third.started);
    }

    @Test
    void aFreedSlotGoesToTheOldestRunWaitingNotToTheOneWaitingLongest() {
        Slots slots = new Slots(1);
        Run first = new Run(1, slots);
        Run older = new Run(2, slots);
        Run newer = new Run(2, slots);
        first.finish(0);
        assertEquals(List.of(0), older.started);
        // The older run queued again after the newer one; in turn, the newer one would be next. By age, the older
        // run finishes first (a job's chunks end one after the other instead of all at once).
        older.finish(0);
        assertEquals(List.of(0, 1), older.started);
        assertEquals(List.of(), newer.started);
        older.finish(1);
        assertTrue(older.completed);
        assertEquals(List.of(0), newer.started);
    }

    @Test
    void manyRunsOnManyThreadsNeverExceedTheLimitAndAllFinish() throws Exception {
        Slots slots = new Slots(7);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        int runs = 12;
        CountDownLatch finished = new CountDownLatch(runs);
        try {
            for (int r = 0; r < runs; r++) {
                Uni.createFrom().<Void> emitter(done -> new FanOut(500, slots, index -> Uni.createFrom().<Void> emitter(
                        task -> {
                            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            pool.execute(() -> {
                                inFlight.decrementAndGet();
                                task.complete(null);
                            });
                        }), done).start())
                        .subscribe().with(ignored -> finished.countDown());
            }
            assertTrue(finished.await(30, TimeUnit.SECONDS), "every run finished");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(peak.get() <= 7, "peak " + peak.get() + " above the shared limit");
        assertEquals(0, slots.used());
    }
}
