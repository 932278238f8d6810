package dev.shortener.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import jakarta.inject.Singleton;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.execution.ExecutionMetrics;
import dev.shortener.execution.ExecutionModel;
import dev.shortener.execution.OutcomeSink;
import dev.shortener.governor.Governor;
import dev.shortener.governor.Governors;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.Providers;
import dev.shortener.upstream.RetryPolicy;
import dev.shortener.upstream.Target;
import dev.shortener.upstream.TinyUrlBulk;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamClient;
import dev.shortener.upstream.UpstreamMetrics;
import io.smallrye.mutiny.Uni;

/**
 * The one path of every upstream call, for {@code /shorten}, jobs and the benchmark alike: a bounded fan-out at the
 * model's limit ({@link FanOut}), a permit of the provider's governor per attempt (in the batch's round-robin lane), the attempt where
 * the model runs it, retries with backoff and jitter, and the metrics. Cancelling the returned Uni stops new calls.
 * For a provider that takes many rows per request ({@code tinyurl-bulk}) a call is one bulk request that carries up
 * to {@code items-per-request} rows: it takes one slot and one permit, is retried as a whole, and each of its rows
 * gets its own outcome; the bulk transport calls are non-blocking whatever the model.
 */
@Singleton
public class Pipeline {

    /** The {@code beforeSend} of callers that record nothing: the pipeline then skips that step entirely. */
    public static final Function<UpstreamCall, Uni<Void>> NOTHING_TO_RECORD = call -> Uni.createFrom().voidItem();

    private final Governors governors;
    private final ExecutionMetrics metrics;
    private final UpstreamMetrics attempts;
    private final RetryPolicy retry;
    private final ShortenerConfig config;
    private final TinyUrlBulk bulk;
    private final UpstreamClient upstream;

    Pipeline(Governors governors, ExecutionMetrics metrics, UpstreamMetrics attempts, ShortenerConfig config,
            TinyUrlBulk bulk, UpstreamClient upstream) {
        this.bulk = bulk;
        this.upstream = upstream;
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
        return run(calls, model, new Slots(model.limit()), beforeSend, sink);
    }

    /**
     * As {@link #run(List, ExecutionModel, Function, OutcomeSink)}, with the fan-out's limit taken from {@code slots}
     * (the model's own limit for one run, or shared with other runs: the chunks of one job).
     */
    public Uni<Void> run(List<UpstreamCall> calls, ExecutionModel model, Slots slots,
            Function<UpstreamCall, Uni<Void>> beforeSend, OutcomeSink sink) {
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        boolean inBulk = inBulk(calls);
        int rows = inBulk ? bulk.itemsPerRequest() : 1;
        return Uni.createFrom().emitter(emitter -> {
            Run run = new Run(calls, inBulk, rows, model, beforeSend, sink,
                    slots.maxWait().orElse(config.upstream().maxWait()));
            FanOut fanOut = new FanOut(run.requests, slots,
                    index -> CallRun.of(run, index, calls.get(index * rows)), emitter);
            emitter.onTermination(fanOut::cancel);
            fanOut.start();
        });
    }

    /** True when {@code calls} go to a provider that takes many rows per request. */
    private static boolean inBulk(List<UpstreamCall> calls) {
        return calls.get(0).target() instanceof Provider provider && !Providers.perCall(provider);
    }

    /**
     * The steps of one run's calls: its model, its lanes and meters per provider, its sink. Call {@code index} carries
     * rows {@code index * rows} up to {@code rows} further (one row unless in bulk).
     */
    private final class Run implements CallRun.Steps {
        private final List<UpstreamCall> calls;
        private final int rows;
        private final int requests;
        // In bulk: each request's rows answered by its last attempt, null when the request as a whole failed.
        private final AtomicReferenceArray<List<Attempt>> answers;
        private final ExecutionModel model;
        private final Function<UpstreamCall, Uni<Void>> beforeSend;
        private final OutcomeSink sink;
        private final AtomicInteger inFlight;
        private final Duration maxWait;
        // Per provider: the run's lane (its place in the round robin of the provider's governor) and the provider's
        // meters, found with one map lookup per call.
        private final Map<Target, ProviderSteps> providers = new ConcurrentHashMap<>();

        Run(List<UpstreamCall> calls, boolean inBulk, int rows, ExecutionModel model,
                Function<UpstreamCall, Uni<Void>> beforeSend, OutcomeSink sink, Duration maxWait) {
            this.calls = calls;
            this.rows = rows;
            this.requests = (calls.size() + rows - 1) / rows;
            this.answers = inBulk ? new AtomicReferenceArray<>(requests) : null;
            this.model = model;
            this.maxWait = maxWait;
            this.beforeSend = beforeSend;
            this.sink = sink;
            this.inFlight = metrics.inFlight(model.name());
        }

        @Override
        public Uni<Void> beforeSend(int index, UpstreamCall call) {
            if (beforeSend == NOTHING_TO_RECORD) {
                return null;
            }
            Uni<Void> before = answers == null ? beforeSend.apply(call)
                    : Uni.join().all(rowsOf(index).stream().map(beforeSend).toList()).andFailFast().replaceWithVoid();
            // What the caller records (a job row's "sent" mark) completes on the recorder's thread: the call goes on
            // from its provider's event loop, where the transport sends it.
            return before.emitOn(of(call).loop());
        }

        private List<UpstreamCall> rowsOf(int index) {
            return calls.subList(index * rows, Math.min(calls.size(), (index + 1) * rows));
        }

        private ProviderSteps of(UpstreamCall call) {
            return providers.computeIfAbsent(call.target(), target -> new ProviderSteps(
                    governors.forProvider(target.id()).lane(), metrics.meters(model.name(), target.id()),
                    attempts.forTarget(target), upstream.eventLoop(target.id())));
        }

        @Override
        public Governor.Lane lane(UpstreamCall call) {
            return of(call).lane();
        }

        @Override
        public Uni<Attempt> attempt(int index, UpstreamCall call, int number) {
            if (answers == null) {
                return model.attempt(call, number);
            }
            // The governor and its breaker hear every HTTP answer of the request (its polls too) as it arrives.
            Governor governor = of(call).lane().governor();
            return bulk.shorten(rowsOf(index), number, answer -> {
                report(governor, answer, config.upstream().pauseWithoutRetryAfter());
                return answer;
            }).map(answer -> {
                answers.set(index, answer.rows());
                return answer.request();
            });
        }

        @Override
        public AtomicInteger inFlight() {
            return inFlight;
        }

        @Override
        public void answered(UpstreamCall call, Governor governor, Attempt attempt) {
            of(call).attempts().attempted(attempt);
            if (answers == null) {
                report(governor, attempt, config.upstream().pauseWithoutRetryAfter());
            }
        }

        @Override
        public CallRetries retries(UpstreamCall call, Governor.Lane lane) {
            return new CallRetries(retry, lane, maxWait);
        }

        @Override
        public void retrying(UpstreamCall call) {
            attempts.retried(call);
        }

        @Override
        public void finished(int index, UpstreamCall call, Attempt last, int resent, long latencyNanos) {
            ExecutionMetrics.CallMeters meters = of(call).meters();
            if (answers == null) {
                finished(meters, index, last, resent, latencyNanos);
                return;
            }
            List<Attempt> answered = answers.get(index);
            int from = index * rows;
            int to = Math.min(calls.size(), from + rows);
            for (int row = from; row < to; row++) {
                finished(meters, row, answered == null ? last : answered.get(row - from), resent, latencyNanos);
            }
        }

        private void finished(ExecutionMetrics.CallMeters meters, int row, Attempt last, int resent,
                long latencyNanos) {
            CallOutcome outcome = last.toOutcome(latencyNanos);
            if (resent > 0) {
                outcome = outcome.withResent(resent);
            }
            meters.record(outcome.latencyNanos(), outcome.attempts(), outcome.status());
            sink.accept(row, outcome);
        }
    }

    /** A run's lane, call meters, attempt counters and event loop for one provider. */
    private record ProviderSteps(Governor.Lane lane, ExecutionMetrics.CallMeters meters,
            UpstreamMetrics.ProviderAttempts attempts, Executor loop) {
    }

    /** Tells {@code governor} and its outage breaker what {@code attempt} answered, before its permit goes back. */
    static void report(Governor governor, Attempt attempt, Duration pauseWithoutRetryAfter) {
        governor.observe(attempt.status(), attempt.retryAfter(), pauseWithoutRetryAfter);
        if (attempt.outage()) {
            governor.breaker().failed();
        } else {
            governor.breaker().succeeded();
        }
    }
}
