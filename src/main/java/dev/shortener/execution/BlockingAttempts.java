package dev.shortener.execution;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.shortener.upstream.Attempt;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Runs an attempt as a blocking call on a given executor: the thread waits until the upstream answers. This is
 * {@code Uni.createFrom().item(() -> attempt.await().indefinitely()).runSubscriptionOn(executor)} without the
 * context-propagation wrapper Mutiny puts around the supplier: the blocking thread needs no propagated context.
 */
final class BlockingAttempts extends AbstractUni<Attempt> {

    private final Executor executor;
    private final Supplier<Attempt> blocking;

    private BlockingAttempts(Executor executor, Supplier<Attempt> blocking) {
        this.executor = executor;
        this.blocking = blocking;
    }

    /** {@code blocking} on {@code executor}, once per subscription. */
    static Uni<Attempt> on(Executor executor, Supplier<Attempt> blocking) {
        return new BlockingAttempts(executor, blocking);
    }

    @Override
    public void subscribe(UniSubscriber<? super Attempt> subscriber) {
        Run run = new Run(subscriber);
        subscriber.onSubscribe(run);
        try {
            executor.execute(run);
        } catch (RuntimeException rejected) { // e.g. the pool is shut down
            run.fail(rejected);
        }
    }

    /** One subscription: the blocking call on the executor, unless cancelled before it started. */
    private final class Run implements Runnable, UniSubscription {
        private final UniSubscriber<? super Attempt> subscriber;
        private volatile boolean cancelled;

        Run(UniSubscriber<? super Attempt> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            Attempt attempt;
            try {
                attempt = blocking.get();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (!cancelled) {
                subscriber.onItem(attempt);
            }
        }

        void fail(Throwable failure) {
            if (!cancelled) {
                subscriber.onFailure(failure);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
