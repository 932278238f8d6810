package dev.shortener.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ShortenerConfig;
import io.micrometer.core.instrument.MeterRegistry;

/** Micrometer counters of upstream attempts (by provider and status) and retries. */
@ApplicationScoped
public class UpstreamMetrics {

    private final MeterRegistry registry;
    private final ShortenerConfig config;

    UpstreamMetrics(MeterRegistry registry, ShortenerConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** Counts one attempt's answer. */
    public void attempted(UpstreamCall call, Attempt attempt) {
        registry.counter("shortener.upstream.responses", "provider", call.providerTag(config.provider()),
                "status", attempt.status() == 0 ? "none" : String.valueOf(attempt.status())).increment();
    }

    /** Counts one retry. */
    public void retried(UpstreamCall call) {
        registry.counter("shortener.upstream.retries", "provider", call.providerTag(config.provider())).increment();
    }
}
