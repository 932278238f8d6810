package dev.shortener.execution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.UpstreamCall;
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
    private final ShortenerConfig config;
    private final Map<ModelName, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    // Record keys: no string is built per call to find its meters.
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Key, Counter> retries = new ConcurrentHashMap<>();
    private final Map<Key, Counter> statuses = new ConcurrentHashMap<>();

    private record Key(ModelName model, String provider, int status) {
    }

    ExecutionMetrics(MeterRegistry registry, ShortenerConfig config) {
        this.registry = registry;
        this.config = config;
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
     * The meters of {@code model}'s calls to {@code provider} ({@link #calls}, {@link #retries}, {@link #statuses})
     * together, so that a run finds them once rather than per call.
     */
    public CallMeters meters(ModelName model, String provider) {
        return new CallMeters(model, provider);
    }

    /** One model's call meters for one provider; statuses are cached by code. */
    public final class CallMeters {
        private static final int CACHED_STATUSES = 600;
        private final ModelName model;
        private final String provider;
        private final Timer timer;
        private final Counter retried;
        private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(CACHED_STATUSES);

        private CallMeters(ModelName model, String provider) {
            this.model = model;
            this.provider = provider;
            this.timer = timer(model, provider);
            this.retried = retryCounter(model, provider);
        }

        /** Records one call: its latency (every attempt and wait), its attempts and its final status. */
        public void record(long latencyNanos, int attempts, int status) {
            timer.record(latencyNanos, TimeUnit.NANOSECONDS);
            if (attempts > 1) {
                retried.increment(attempts - 1);
            }
            if (status < 0 || status >= CACHED_STATUSES) {
                statusCounter(model, provider, status).increment();
                return;
            }
            Counter counter = byStatus.get(status);
            if (counter == null) {
                counter = statusCounter(model, provider, status);
                byStatus.set(status, counter);
            }
            counter.increment();
        }
    }

    /** Timer {@code shortener.upstream.calls{model,provider}}: one call, retries included. */
    public Timer calls(ModelName model, UpstreamCall call) {
        return timer(model, call.providerTag(config.provider()));
    }

    private Timer timer(ModelName model, String provider) {
        return timers.computeIfAbsent(new Key(model, provider, 0), key -> Timer.builder("shortener.upstream.calls")
                .description("Upstream calls (retries included) by execution model and provider")
                .tag("model", model.id())
                .tag("provider", provider)
                .publishPercentileHistogram()
                .register(registry));
    }

    /** Counter {@code shortener.upstream.model.retries{model,provider}}: attempts after the first. */
    public Counter retries(ModelName model, UpstreamCall call) {
        return retryCounter(model, call.providerTag(config.provider()));
    }

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
    public Counter statuses(ModelName model, UpstreamCall call, int status) {
        return statusCounter(model, call.providerTag(config.provider()), status);
    }

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
