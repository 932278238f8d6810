package dev.shortener.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ShortenerConfig;
import dev.shortener.execution.ExecutionMetrics;
import dev.shortener.execution.ExecutionModel;
import dev.shortener.execution.OutcomeSink;
import dev.shortener.governor.Governor;
import dev.shortener.governor.Governors;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.RetryPolicy;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamMetrics;
import io.smallrye.mutiny.Uni;

/**
 * The one path of every upstream call, for {@code /shorten}, jobs and the benchmark alike: a bounded fan-out at the
 * model's limit ({@link FanOut}), a permit of the provider's governor per attempt (in the batch's round-robin lane), the attempt where
 * the model runs it, retries with backoff and jitter, and the metrics. Cancelling the returned Uni stops new calls.
 */
@ApplicationScoped
public class Pipeline {

    /** The {@code beforeSend} of callers that record nothing: the pipeline then skips that step entirely. */
    public static final Function<UpstreamCall, Uni<Void>> NOTHING_TO_RECORD = call -> Uni.createFrom().voidItem();

    private final Governors governors;
    private final ExecutionMetrics metrics;
    private final UpstreamMetrics attempts;
    private final RetryPolicy retry;
    private final ShortenerConfig config;
    private final BulkChunks bulk;

    Pipeline(Governors governors, ExecutionMetrics metrics, UpstreamMetrics attempts, ShortenerConfig config,
            BulkChunks bulk) {
        this.bulk = bulk;
        this.governors = governors;
        this.metrics = metrics;
        this.attempts = attempts;
        this.retry = RetryPolicy.of(config);
        this.config = config;
    }

    /**
     * Runs every call once (retries included) with {@code model}, at most {@code model.limit()} at a time, and hands
     * each outcome to {@code sink} with the call's index as soon as it is known. {@code beforeSend} must complete
     * before that call's first attempt. Completes when every call has an outcome; never fails for an upstream error.
     */
    public Uni<Void> run(List<UpstreamCall> calls, ExecutionModel model,
            Function<UpstreamCall, Uni<Void>> beforeSend, OutcomeSink sink) {
        return run(calls, model, null, beforeSend, sink);
    }

    /**
     * As {@link #run(List, ExecutionModel, Function, OutcomeSink)}, with the fan-out's limit taken from {@code slots}
     * shared with other runs (the chunks of one job), or the model's own limit when {@code slots} is null.
     */
    public Uni<Void> run(List<UpstreamCall> calls, ExecutionModel model, Slots slots,
            Function<UpstreamCall, Uni<Void>> beforeSend, OutcomeSink sink) {
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (BulkChunks.handles(calls)) {
            // tinyurl-bulk: many calls per HTTP request; the model's limit bounds the chunks in flight.
            return bulk.run(calls, model.limit(), beforeSend, sink);
        }
        return Uni.createFrom().emitter(emitter -> {
            // One lane per governor and run: the run's place in each provider's round robin.
            Map<Governor, Governor.Lane> lanes = new ConcurrentHashMap<>();
            FanOut fanOut = new FanOut(calls.size(), slots != null ? slots : new Slots(model.limit()), index -> {
                UpstreamCall call = calls.get(index);
                Governor.Lane lane = lanes.computeIfAbsent(governors.forCall(call), Governor::lane);
                Uni<CallOutcome> outcome = beforeSend == NOTHING_TO_RECORD ? call(call, model, lane)
                        : beforeSend.apply(call).onItem().transformToUni(ignored -> call(call, model, lane));
                return outcome.onItem().transform(done -> {
                    sink.accept(index, done);
                    return null;
                });
            }, emitter);
            emitter.onTermination(fanOut::cancel);
            fanOut.start();
        });
    }

    private Uni<CallOutcome> call(UpstreamCall call, ExecutionModel model, Governor.Lane lane) {
        long start = System.nanoTime();
        return attempt(call, model, lane, 1)
                .onItem().transformToUni(first -> retry.shouldRetry(first) ? retried(call, model, lane, first)
                        : Uni.createFrom().item(first))
                .onItem().transform(last -> {
                    CallOutcome outcome = last.toOutcome(System.nanoTime() - start);
                    record(model, call, outcome);
                    return outcome;
                });
    }

    /**
     * The retries of a call whose first attempt failed retryably: Mutiny's retry with exponential backoff and jitter.
     * Only such calls pay for the retry operators; the first subscription replays the first attempt's failure.
     */
    private Uni<Attempt> retried(UpstreamCall call, ExecutionModel model, Governor.Lane lane, Attempt first) {
        AtomicInteger number = new AtomicInteger();
        return Uni.createFrom().deferred(() -> {
            int next = number.incrementAndGet();
            Uni<Attempt> attempt = next == 1 ? Uni.createFrom().item(first) : attempt(call, model, lane, next);
            return attempt.onItem().transformToUni(result -> retry.shouldRetry(result)
                    ? Uni.createFrom().<Attempt> failure(new RetryableAttempt(result))
                    : Uni.createFrom().item(result));
        })
                .onFailure(RetryableAttempt.class).invoke(ignored -> attempts.retried(call))
                .onFailure(RetryableAttempt.class).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).withJitter(retry.jitter())
                .atMost(retry.maxRetries())
                .onFailure(RetryableAttempt.class).recoverWithItem(failure -> ((RetryableAttempt) failure).attempt);
    }

    /** One attempt under a permit; the answer reaches the governor before the permit goes back. */
    private Uni<Attempt> attempt(UpstreamCall call, ExecutionModel model, Governor.Lane lane, int number) {
        Governor governor = lane.governor();
        AtomicInteger inFlight = metrics.inFlight(model.name());
        return lane.acquire()
                .onItem().transformToUni(permit -> {
                    inFlight.incrementAndGet();
                    // Item, failure or cancellation: the answer reaches the governor before the permit and the gauge
                    // are given back, exactly once.
                    return model.attempt(call, number)
                            .onTermination().invoke((attempt, failure, cancelled) -> {
                                if (attempt != null) {
                                    attempts.attempted(call, attempt);
                                    governor.observe(attempt.status(), attempt.retryAfter(),
                                            config.upstream().pauseWithoutRetryAfter());
                                }
                                inFlight.decrementAndGet();
                                governor.release();
                            });
                });
    }

    private void record(ExecutionModel model, UpstreamCall call, CallOutcome outcome) {
        metrics.calls(model.name(), call).record(outcome.latencyNanos(), TimeUnit.NANOSECONDS);
        metrics.retries(model.name(), call).increment(Math.max(0, outcome.attempts() - 1));
        metrics.statuses(model.name(), call, outcome.status()).increment();
    }

    /** Carries a retryable attempt through Mutiny's retry; the last one becomes the call's outcome. */
    private static final class RetryableAttempt extends RuntimeException {
        final transient Attempt attempt;

        RetryableAttempt(Attempt attempt) {
            super(attempt.reason(), null, false, false);
            this.attempt = attempt;
        }
    }
}
