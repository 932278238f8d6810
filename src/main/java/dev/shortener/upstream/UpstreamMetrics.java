package dev.shortener.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer counters of upstream attempts (by provider and status) and retries, and a warning when a provider refuses
 * our credentials (401/403): a setting to fix, not a row problem. The warning names the setting, never its value. The
 * counters are kept, not looked up in the registry per call: building a meter id for every attempt was a measurable
 * part of a call's CPU.
 */
@Singleton
public class UpstreamMetrics {

    private static final Logger LOG = Logger.getLogger(UpstreamMetrics.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private record Key(String provider, int status) {
    }

    private final MeterRegistry registry;
    private final ShortenerConfig config;
    private final Map<Key, Counter> responses = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, Long> lastWarned = new ConcurrentHashMap<>();

    UpstreamMetrics(MeterRegistry registry, ShortenerConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** The attempt counters of {@code provider}, for a caller that counts many of its attempts. */
    public ProviderAttempts forProvider(String provider) {
        return new ProviderAttempts(provider);
    }

    /** Counts the attempts of one provider, with its counters cached by status code. */
    public final class ProviderAttempts {
        private final String provider;
        private final StatusCounters responses;

        private ProviderAttempts(String provider) {
            this.provider = provider;
            this.responses = new StatusCounters(status -> response(provider, status));
        }

        /** Counts one attempt's answer (and warns, at most once a minute, when credentials were refused). */
        public void attempted(Attempt attempt) {
            responses.increment(attempt.status());
            if ((attempt.status() == 401 || attempt.status() == 403) && !attempt.retryable()) {
                warnAboutCredentials(provider, attempt);
            }
        }
    }

    private Counter response(String provider, int status) {
        return responses.computeIfAbsent(new Key(provider, status),
                key -> registry.counter("shortener.upstream.responses", "provider", key.provider(),
                        "status", key.status() == 0 ? "none" : String.valueOf(key.status())));
    }

    /** Counts one retry. */
    public void retried(UpstreamCall call) {
        retries.computeIfAbsent(call.providerTag(config.provider()),
                provider -> registry.counter("shortener.upstream.retries", "provider", provider)).increment();
    }

    private void warnAboutCredentials(String provider, Attempt attempt) {
        long now = System.nanoTime();
        Long last = lastWarned.get(provider);
        if (last != null && now - last < WARN_EVERY_NANOS) {
            return;
        }
        lastWarned.put(provider, now);
        String setting = Provider.parse(provider).map(Providers::of).flatMap(ProviderDescription::credentialSetting)
                .map(key -> "shortener." + key).orElse("its access");
        LOG.warnf("provider %s refused a call (%s): check %s", provider, attempt.reason(), setting);
    }
}
