package dev.shortener.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

import dev.shortener.governor.Governor;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * One call of the pipeline as a small state machine: wait for {@code beforeSend}, take a permit of the lane's governor
 * (at once when one is free, else queued), make the first attempt where the model runs it, hand a retryable failure to
 * the retries, report the last attempt. This is {@code acquire -> transformToUni(attempt) -> onTermination -> ...}
 * written out: each Mutiny operator wrapped its callbacks for context propagation and allocated its own subscriber,
 * which at 1000 calls in flight was a large part of a call's CPU. Nothing on this path needs a propagated context.
 * <p>
 * The permit and the model's in-flight gauge are given back exactly once whether the attempt answers, fails or is
 * cancelled, and the answer reaches the governor first, as {@link Pipeline}'s retries do for later attempts.
 */
final class CallRun implements UniSubscriber<Object>, UniSubscription {

    /** What the pipeline does around the calls of one run; {@link CallRun} only sequences it. */
    interface Steps {
        /** Must complete before the call's first attempt, or null when there is nothing to wait for. */
        Uni<Void> beforeSend(UpstreamCall call);

        /** The run's lane in the governor of {@code call}'s provider. */
        Governor.Lane lane(UpstreamCall call);

        /**
         * Queues for a permit of {@code lane} when none was free; may fail with {@link CallRetries.WaitedTooLong},
         * whose attempt is then the call's last.
         */
        default Uni<Void> queue(Governor.Lane lane) {
            return lane.acquire();
        }

        /** The model's attempt {@code number} of {@code call}, made once a permit is held. */
        Uni<Attempt> attempt(UpstreamCall call, int number);

        /** The model's calls in flight. */
        AtomicInteger inFlight();

        /** Counts an attempt's answer and tells the governor, before its permit goes back. */
        void answered(UpstreamCall call, Governor governor, Attempt attempt);

        /** Whether another attempt should follow {@code attempt}. */
        boolean shouldRetry(Attempt attempt);

        /** The retries after a retryable first attempt, completing with the last attempt. */
        Uni<Attempt> retried(UpstreamCall call, Governor.Lane lane, Attempt first);

        /** Takes the call's last attempt; {@code latencyNanos} covers every attempt and wait. */
        void finished(int index, UpstreamCall call, Attempt last, long latencyNanos);
    }

    private static final int BEFORE = 0;
    private static final int ACQUIRING = 1;
    private static final int ATTEMPTING = 2;
    private static final int ANSWERED = 3;
    private static final int RETRYING = 4;
    private static final int DONE = 5;

    private final Steps steps;
    private final int index;
    private final UpstreamCall call;
    private final UniSubscriber<? super Void> downstream;
    // The stage; ATTEMPTING -> ANSWERED or -> DONE by compareAndSet, so that the permit goes back exactly once.
    private final AtomicInteger stage = new AtomicInteger(BEFORE);
    private volatile boolean cancelled;
    private volatile UniSubscription current;
    private Governor.Lane lane;
    private long start;

    private CallRun(Steps steps, int index, UpstreamCall call, UniSubscriber<? super Void> downstream) {
        this.steps = steps;
        this.index = index;
        this.call = call;
        this.downstream = downstream;
    }

    /** The call at {@code index} as a Uni: each subscription runs it once, and completes after {@code finished}. */
    static Uni<Void> of(Steps steps, int index, UpstreamCall call) {
        return new AbstractUni<>() {
            @Override
            public void subscribe(UniSubscriber<? super Void> subscriber) {
                CallRun run = new CallRun(steps, index, call, subscriber);
                subscriber.onSubscribe(run);
                run.begin();
            }
        };
    }

    private void begin() {
        Uni<Void> before;
        try {
            before = steps.beforeSend(call);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (before == null) {
            acquire();
        } else {
            subscribeTo(before);
        }
    }

    private void acquire() {
        if (cancelled) {
            return;
        }
        start = System.nanoTime();
        lane = steps.lane(call);
        stage.set(ACQUIRING);
        if (lane.tryAcquire()) {
            attempt();
        } else {
            subscribeTo(steps.queue(lane));
        }
    }

    /** With a permit held. */
    private void attempt() {
        steps.inFlight().incrementAndGet();
        stage.set(ATTEMPTING);
        if (cancelled) {
            giveBack(null);
            return;
        }
        Uni<Attempt> attempt;
        try {
            attempt = steps.attempt(call, 1);
        } catch (RuntimeException e) {
            if (giveBack(null)) {
                fail(e);
            }
            return;
        }
        subscribeTo(attempt);
    }

    /** Ends the attempt's hold on the permit, once: false when that already happened (a cancellation won). */
    private boolean giveBack(Attempt answer) {
        if (!stage.compareAndSet(ATTEMPTING, answer != null ? ANSWERED : DONE)) {
            return false;
        }
        Governor governor = lane.governor();
        try {
            if (answer != null) {
                steps.answered(call, governor, answer);
            }
        } finally {
            steps.inFlight().decrementAndGet();
            governor.release();
        }
        return true;
    }

    private void subscribeTo(Uni<?> next) {
        next.subscribe().withSubscriber(this);
    }

    @Override
    public void onSubscribe(UniSubscription subscription) {
        current = subscription;
        if (cancelled) {
            subscription.cancel();
        }
    }

    @Override
    public void onItem(Object item) {
        if (cancelled) {
            return;
        }
        switch (stage.get()) {
            case BEFORE -> acquire();
            case ACQUIRING -> attempt();
            case ATTEMPTING -> {
                Attempt first = (Attempt) item;
                if (!giveBack(first)) {
                    return;
                }
                if (steps.shouldRetry(first)) {
                    stage.set(RETRYING);
                    subscribeTo(steps.retried(call, lane, first));
                } else {
                    finish(first);
                }
            }
            case RETRYING -> finish((Attempt) item);
            default -> {
                // a late signal after the end: nothing to do
            }
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        if (stage.get() == ATTEMPTING && !giveBack(null)) {
            return;
        }
        if (stage.get() == ACQUIRING && failure instanceof CallRetries.WaitedTooLong waited) {
            finish(waited.attempt);
            return;
        }
        fail(failure);
    }

    private void finish(Attempt last) {
        stage.set(DONE);
        if (cancelled) {
            return;
        }
        try {
            steps.finished(index, call, last, System.nanoTime() - start);
        } catch (RuntimeException e) {
            downstream.onFailure(e);
            return;
        }
        downstream.onItem(null);
    }

    private void fail(Throwable failure) {
        stage.set(DONE);
        if (!cancelled) {
            downstream.onFailure(failure);
        }
    }

    /** Stops the call: a permit held by its attempt goes back (without an answer), a queued acquisition leaves. */
    @Override
    public void cancel() {
        cancelled = true;
        giveBack(null);
        UniSubscription subscription = current;
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
