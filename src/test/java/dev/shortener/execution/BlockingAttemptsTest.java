package dev.shortener.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.shortener.upstream.Attempt;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/** A blocking attempt runs on its executor once per subscription, and a cancelled one never runs or reports. */
class BlockingAttemptsTest {

    static final Attempt ANSWER = Attempt.failedWithoutAnswer("test", 1);

    final List<Runnable> queued = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<Attempt> item = new AtomicReference<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Uni<Attempt> attempt() {
        return BlockingAttempts.on(queued::add, () -> {
            calls.incrementAndGet();
            return ANSWER;
        });
    }

    @Test
    void runsOnTheExecutorAndDeliversItsAnswer() {
        Uni<Attempt> attempt = attempt();
        attempt.subscribe().with(item::set, failure::set);
        assertEquals(0, calls.get(), "nothing runs on the subscriber's thread");
        queued.remove(0).run();
        assertSame(ANSWER, item.get());

        attempt.subscribe().with(item::set, failure::set);
        queued.remove(0).run();
        assertEquals(2, calls.get(), "each subscription makes its own attempt");
    }

    @Test
    void aCancelledAttemptDoesNotRunOrReport() {
        Cancellable subscription = attempt().subscribe().with(item::set, failure::set);
        subscription.cancel();
        queued.remove(0).run();
        assertEquals(0, calls.get());
        assertNull(item.get());
    }

    @Test
    void failuresAndRejectionsFailTheUni() {
        IllegalStateException boom = new IllegalStateException("boom");
        BlockingAttempts.on(Runnable::run, () -> {
            throw boom;
        }).subscribe().with(item::set, failure::set);
        assertSame(boom, failure.get());

        BlockingAttempts.on(task -> {
            throw new RejectedExecutionException("shut down");
        }, () -> ANSWER).subscribe().with(item::set, failure::set);
        assertTrue(failure.get() instanceof RejectedExecutionException);
        assertFalse(item.get() != null);
    }
}
