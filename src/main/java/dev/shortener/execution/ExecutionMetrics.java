package dev.shortener.execution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.upstream.StatusCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of upstream calls per execution model: the call timer (with a percentiles histogram), retries,
 * final status codes and the calls in flight. Every attempt's status, without a model, is counted in upstream/.
 */
@Singleton
public class ExecutionMetrics {

    private final MeterRegistry registry;
    private final Map<ModelName, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    // Record keys: no string is built per call to find its meters.
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Key, Counter> retries = new ConcurrentHashMap<>();
    private final Map<Key, Counter> statuses = new ConcurrentHashMap<>();

    private record Key(ModelName model, String provider, int status) {
    }

    ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The in-flight count of {@code model}, registered as gauge {@code shortener.upstream.in_flight} on first use. */
    public AtomicInteger inFlight(ModelName model) {
        return inFlight.computeIfAbsent(model, m -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("shortener.upstream.in_flight", count, AtomicInteger::get)
                    .description("Upstream calls started by the model and not finished yet")
                    .tag("model", m.id())
                    .register(registry);
            return count;
        });
    }

    /**
     * The meters of {@code model}'s calls to {@code provider} (timer {@code shortener.upstream.calls}, counters
     * {@code shortener.upstream.model.retries} and {@code shortener.upstream.model.responses}) together, so that a run
     * finds them once rather than per call.
     */
    public CallMeters meters(ModelName model, String provider) {
        return new CallMeters(model, provider);
    }

    /** One model's call meters for one provider; statuses are cached by code. */
    public final class CallMeters {
        private final Timer timer;
        private final Counter retried;
        private final StatusCounters statuses;

        private CallMeters(ModelName model, String provider) {
            this.timer = timer(model, provider);
            this.retried = retryCounter(model, provider);
            this.statuses = new StatusCounters(status -> statusCounter(model, provider, status));
        }

        /** Records one call: its latency (every attempt and wait), its attempts and its final status. */
        public void record(long latencyNanos, int attempts, int status) {
            timer.record(latencyNanos, TimeUnit.NANOSECONDS);
            if (attempts > 1) {
                retried.increment(attempts - 1);
            }
            statuses.increment(status);
        }
    }

    /** Timer {@code shortener.upstream.calls{model,provider}}: one call, retries included. */
    private Timer timer(ModelName model, String provider) {
        return timers.computeIfAbsent(new Key(model, provider, 0), key -> Timer.builder("shortener.upstream.calls")
                .description("Upstream calls (retries included) by execution model and provider")
                .tag("model", model.id())
                .tag("provider", provider)
                .publishPercentileHistogram()
                .register(registry));
    }

    /** Counter {@code shortener.upstream.model.retries{model,provider}}: attempts after the first. */
    private Counter retryCounter(ModelName model, String provider) {
        return retries.computeIfAbsent(new Key(model, provider, 0), key -> Counter
                .builder("shortener.upstream.model.retries")
                .description("Upstream attempts after the first, by execution model and provider")
                .tag("model", model.id())
                .tag("provider", provider)
                .register(registry));
    }

    /**
     * Counter {@code shortener.upstream.model.responses{model,provider,status}}: the HTTP status each call ended with
     * ({@code none} when no response arrived).
     */
    private Counter statusCounter(ModelName model, String provider, int status) {
        return statuses.computeIfAbsent(new Key(model, provider, status), key -> Counter
                .builder("shortener.upstream.model.responses")
                .description("Final HTTP status of upstream calls, by execution model and provider")
                .tag("model", model.id())
                .tag("provider", provider)
                .tag("status", status == 0 ? "none" : String.valueOf(status))
                .register(registry));
    }
}
