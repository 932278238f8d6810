package dev.shortener.pipeline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.shortener.governor.Governor;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

// Over 250 lines: the stages of every attempt of a call and the permit given back once per attempt are one machine.
/**
 * One call of the pipeline, every attempt of it, as one small state machine: wait for {@code beforeSend}; then take a
 * permit of the lane's governor (at once when one is free, else queued), make the attempt where the model runs it,
 * report the answer and give the permit back; and when the answer was retryable, let {@link CallRetries} say whether
 * and after how long another goes, and start again at the permit. This is {@code acquire -> transformToUni(attempt)
 * -> onTermination -> retry} written out: each Mutiny operator wrapped its callbacks for context propagation and
 * allocated its own subscriber, which at 1000 calls in flight was a large part of a call's CPU. Nothing on this path
 * needs a propagated context.
 * <p>
 * The permit and the model's in-flight gauge are given back exactly once per attempt whether it answers, fails or is
 * cancelled, and the answer reaches the governor first.
 */
final class CallRun implements UniSubscriber<Object>, UniSubscription {

    /** What the run of a call gives it: its model, its lane and meters, its retry rules, where its outcome goes. */
    interface Steps {
        /** Completes before the first attempt of the call at {@code index}; null when there is nothing to wait for. */
        Uni<Void> beforeSend(int index, UpstreamCall call);

        /** The run's lane in the governor of {@code call}'s provider. */
        Governor.Lane lane(UpstreamCall call);

        /** Attempt {@code number} of the call at {@code index}, made once a permit is held. */
        Uni<Attempt> attempt(int index, UpstreamCall call, int number);

        /** The model's calls in flight. */
        AtomicInteger inFlight();

        /** Counts an attempt's answer and tells the governor, before its permit goes back. */
        void answered(UpstreamCall call, Governor governor, Attempt attempt);

        /** The retry and wait decisions of {@code call}, asked when it first queues for a permit or retries. */
        CallRetries retries(UpstreamCall call, Governor.Lane lane);

        /** Counts a retry of {@code call} about to wait for its backoff. */
        void retrying(UpstreamCall call);

        /**
         * Takes the call's last attempt; {@code latencyNanos} covers every attempt and wait, {@code resent} the
         * attempts sent again after an unknown outcome.
         */
        void finished(int index, UpstreamCall call, Attempt last, int resent, long latencyNanos);
    }

    private static final int BEFORE = 0;
    private static final int ACQUIRING = 1;
    private static final int ATTEMPTING = 2;
    private static final int ANSWERED = 3;
    private static final int BACKING_OFF = 4;
    private static final int DONE = 5;

    private final Steps steps;
    private final int index;
    private final UpstreamCall call;
    private final UniSubscriber<? super Void> downstream;
    // The stage; ATTEMPTING -> ANSWERED or -> DONE by compareAndSet, so that a permit goes back exactly once.
    private final AtomicInteger stage = new AtomicInteger(BEFORE);
    private volatile boolean cancelled;
    private volatile UniSubscription current;
    private Governor.Lane lane;
    private CallRetries retries;
    private int number;
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
            before = steps.beforeSend(index, call);
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
        if (lane == null) {
            start = System.nanoTime();
            lane = steps.lane(call);
        }
        stage.set(ACQUIRING);
        if (lane.tryAcquire()) {
            attempt();
        } else {
            // A first attempt's wait budget is its own: the retries' budget begins with the first retryable answer.
            subscribeTo((retries != null ? retries : steps.retries(call, lane)).permit());
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
            attempt = steps.attempt(index, call, ++number);
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

    /** After an answer whose permit went back: the end of the call, or a backoff then another attempt. */
    private void answered(Attempt answer) {
        if (!answer.retryable()) {
            finish(answer);
            return;
        }
        if (retries == null) {
            retries = steps.retries(call, lane);
        }
        Duration backoff = retries.next(answer);
        if (backoff == null) {
            finish(retries.last());
            return;
        }
        steps.retrying(call);
        stage.set(BACKING_OFF);
        subscribeTo(Uni.createFrom().voidItem().onItem().delayIt().by(backoff));
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
            case BEFORE, BACKING_OFF -> acquire();
            case ACQUIRING -> attempt();
            case ATTEMPTING -> {
                Attempt answer = (Attempt) item;
                if (giveBack(answer)) {
                    answered(answer);
                }
            }
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
            steps.finished(index, call, last, retries == null ? 0 : retries.resent(), System.nanoTime() - start);
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

    /** Stops the call: a permit held by its attempt goes back (without an answer), a queue or a backoff is left. */
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
