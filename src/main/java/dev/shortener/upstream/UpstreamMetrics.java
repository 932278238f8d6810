package dev.shortener.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ShortenerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer counters of upstream attempts (by provider and status) and retries. The counters are kept, not looked up
 * in the registry per call: building a meter id for every attempt was a measurable part of a call's CPU.
 */
@ApplicationScoped
public class UpstreamMetrics {

    private record Key(String provider, int status) {
    }

    private final MeterRegistry registry;
    private final ShortenerConfig config;
    private final Map<Key, Counter> responses = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();

    UpstreamMetrics(MeterRegistry registry, ShortenerConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** Counts one attempt's answer. */
    public void attempted(UpstreamCall call, Attempt attempt) {
        responses.computeIfAbsent(new Key(call.providerTag(config.provider()), attempt.status()),
                key -> registry.counter("shortener.upstream.responses", "provider", key.provider(),
                        "status", key.status() == 0 ? "none" : String.valueOf(key.status())))
                .increment();
    }

    /** Counts one retry. */
    public void retried(UpstreamCall call) {
        retries.computeIfAbsent(call.providerTag(config.provider()),
                provider -> registry.counter("shortener.upstream.retries", "provider", provider)).increment();
    }
}
