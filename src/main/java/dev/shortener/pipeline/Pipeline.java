package dev.shortener.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.inject.Singleton;

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
@Singleton
public class Pipeline {

    /** The {@code beforeSend} of callers that record nothing: the pipeline then skips that step entirely. */
    public static final Function<UpstreamCall, Uni<Void>> NOTHING_TO_RECORD = call -> Uni.createFrom().voidItem();

    private final Governors governors;
    private final ExecutionMetrics metrics;
    private final UpstreamMetrics attempts;
    private final RetryPolicy retry;
    private final ShortenerConfig config;
    private final BulkRequests bulk;

    Pipeline(Governors governors, ExecutionMetrics metrics, UpstreamMetrics attempts, ShortenerConfig config,
            BulkRequests bulk) {
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
        if (BulkRequests.handles(calls)) {
            // tinyurl-bulk: many calls per HTTP request; the model's limit bounds the bulk requests in flight.
            return bulk.run(calls, model.limit(), beforeSend, sink);
        }
        return Uni.createFrom().emitter(emitter -> {
            Run run = new Run(model, beforeSend, sink, slots.maxWait().orElse(config.upstream().maxWait()));
            FanOut fanOut = new FanOut(calls.size(), slots,
                    index -> CallRun.of(run, index, calls.get(index)), emitter);
            emitter.onTermination(fanOut::cancel);
            fanOut.start();
        });
    }

    /** The steps of one run's calls: its model, its lanes and meters per provider, its sink. */
    private final class Run implements CallRun.Steps {
        private final ExecutionModel model;
        private final Function<UpstreamCall, Uni<Void>> beforeSend;
        private final OutcomeSink sink;
        private final AtomicInteger inFlight;
        private final Duration maxWait;
        // Per provider: the run's lane (its place in the round robin of the provider's governor) and the provider's
        // meters, found with one map lookup per call.
        private final Map<String, ProviderSteps> providers = new ConcurrentHashMap<>();

        Run(ExecutionModel model, Function<UpstreamCall, Uni<Void>> beforeSend, OutcomeSink sink, Duration maxWait) {
            this.model = model;
            this.maxWait = maxWait;
            this.beforeSend = beforeSend;
            this.sink = sink;
            this.inFlight = metrics.inFlight(model.name());
        }

        @Override
        public Uni<Void> beforeSend(UpstreamCall call) {
            return beforeSend == NOTHING_TO_RECORD ? null : beforeSend.apply(call);
        }

        private ProviderSteps of(UpstreamCall call) {
            return providers.computeIfAbsent(call.providerTag(config.provider()), provider -> new ProviderSteps(
                    governors.forProvider(provider).lane(),
                    metrics.meters(model.name(), provider), attempts.forProvider(provider)));
        }

        @Override
        public Governor.Lane lane(UpstreamCall call) {
            return of(call).lane();
        }

        @Override
        public Uni<Void> queue(Governor.Lane lane) {
            return CallRetries.firstPermit(lane, maxWait);
        }

        @Override
        public Uni<Attempt> attempt(UpstreamCall call, int number) {
            return model.attempt(call, number);
        }

        @Override
        public AtomicInteger inFlight() {
            return inFlight;
        }

        @Override
        public void answered(UpstreamCall call, Governor governor, Attempt attempt) {
            observe(of(call).attempts(), governor, attempt);
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
            CallOutcome outcome = last.toOutcome(latencyNanos);
            if (resent > 0) {
                outcome = outcome.withResent(resent);
            }
            of(call).meters().record(outcome.latencyNanos(), outcome.attempts(), outcome.status());
            sink.accept(index, outcome);
        }
    }

    /** A run's lane, call meters and attempt counters for one provider. */
    private record ProviderSteps(Governor.Lane lane, ExecutionMetrics.CallMeters meters,
            UpstreamMetrics.ProviderAttempts attempts) {
    }

    /** An attempt's answer, counted and told to the governor (which may pause the provider) and its breaker. */
    private void observe(UpstreamMetrics.ProviderAttempts counted, Governor governor, Attempt attempt) {
        counted.attempted(attempt);
        report(governor, attempt, config.upstream().pauseWithoutRetryAfter());
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
