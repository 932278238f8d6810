package dev.shortener.execution;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.shortener.config.ModelName;
import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;

/**
 * Wraps a model with per-model metrics without touching its scheduling: a call counts as taken when the model reads
 * it from the list ({@code calls.get(index)}) and as finished when its outcome reaches the sink. The in-process models
 * read a call as they start it, so the gauge is their calls in flight; {@code processes} reads a batch into its queue
 * at once, so for it the gauge is queued + in flight. Latency comes from the outcome, so it is the call's own time.
 */
final class InstrumentedModel implements ExecutionModel {

    private final ExecutionModel delegate;
    private final ExecutionMetrics metrics;
    private final AtomicInteger inFlight;

    InstrumentedModel(ExecutionModel delegate, ExecutionMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.inFlight = metrics.inFlight(delegate.name());
    }

    @Override
    public ModelName name() {
        return delegate.name();
    }

    @Override
    public int limit() {
        return delegate.limit();
    }

    @Override
    public Uni<Void> run(List<UpstreamCall> calls, OutcomeSink sink) {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        List<UpstreamCall> counted = new StartCounting(calls, started);
        OutcomeSink measured = (index, outcome) -> {
            record(calls.get(index), outcome);
            finished.incrementAndGet();
            inFlight.decrementAndGet();
            sink.accept(index, outcome);
        };
        return Uni.createFrom().deferred(() -> delegate.run(counted, measured))
                // A model that reads a call twice would leave the gauge too high: settle the run's balance at its end.
                .onTermination().invoke(() -> inFlight.addAndGet(finished.get() - started.get()));
    }

    private void record(UpstreamCall call, CallOutcome outcome) {
        metrics.calls(name(), call).record(outcome.latencyNanos(), TimeUnit.NANOSECONDS);
        metrics.retries(name(), call).increment(Math.max(0, outcome.attempts() - 1));
        metrics.statuses(name(), call, outcome.status()).increment();
    }

    /** A read-only view of the calls that counts each {@code get} as a started call. */
    private final class StartCounting extends AbstractList<UpstreamCall> implements RandomAccess {

        private final List<UpstreamCall> calls;
        private final AtomicInteger started;

        StartCounting(List<UpstreamCall> calls, AtomicInteger started) {
            this.calls = calls;
            this.started = started;
        }

        @Override
        public UpstreamCall get(int index) {
            UpstreamCall call = calls.get(index);
            started.incrementAndGet();
            inFlight.incrementAndGet();
            return call;
        }

        @Override
        public int size() {
            return calls.size();
        }
    }
}
