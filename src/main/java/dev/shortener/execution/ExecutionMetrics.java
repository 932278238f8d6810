package dev.shortener.execution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

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
@ApplicationScoped
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

    /** Timer {@code shortener.upstream.calls{model,provider}}: one call, retries included. */
    public Timer calls(ModelName model, UpstreamCall call) {
        String provider = call.providerTag(config.provider());
        return timers.computeIfAbsent(new Key(model, provider, 0), key -> Timer.builder("shortener.upstream.calls")
                .description("Upstream calls (retries included) by execution model and provider")
                .tag("model", model.id())
                .tag("provider", provider)
                .publishPercentileHistogram()
                .register(registry));
    }

    /** Counter {@code shortener.upstream.model.retries{model,provider}}: attempts after the first. */
    public Counter retries(ModelName model, UpstreamCall call) {
        String provider = call.providerTag(config.provider());
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
        String provider = call.providerTag(config.provider());
        return statuses.computeIfAbsent(new Key(model, provider, status), key -> Counter
                .builder("shortener.upstream.model.responses")
                .description("Final HTTP status of upstream calls, by execution model and provider")
                .tag("model", model.id())
                .tag("provider", provider)
                .tag("status", status == 0 ? "none" : String.valueOf(status))
                .register(registry));
    }
}
