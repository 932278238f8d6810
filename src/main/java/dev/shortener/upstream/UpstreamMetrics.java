package dev.shortener.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.shortener.config.Provider;
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
    private final Map<Key, Counter> responses = new ConcurrentHashMap<>();
    private final Map<Target, Counter> retries = new ConcurrentHashMap<>();
    private final Map<Target, Long> lastWarned = new ConcurrentHashMap<>();

    UpstreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The attempt counters of {@code target}, for a caller that counts many of its attempts. */
    public ProviderAttempts forTarget(Target target) {
        return new ProviderAttempts(target);
    }

    /** Counts the attempts of one provider, with its counters cached by status code. */
    public final class ProviderAttempts {
        private final Target target;
        private final StatusCounters responses;

        private ProviderAttempts(Target target) {
            this.target = target;
            this.responses = new StatusCounters(status -> response(target.id(), status));
        }

        /** Counts one attempt's answer (and warns, at most once a minute, when credentials were refused). */
        public void attempted(Attempt attempt) {
            responses.increment(attempt.status());
            if ((attempt.status() == 401 || attempt.status() == 403) && !attempt.retryable()) {
                warnAboutCredentials(target, attempt);
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
        retries.computeIfAbsent(call.target(),
                target -> registry.counter("shortener.upstream.retries", "provider", target.id())).increment();
    }

    private void warnAboutCredentials(Target target, Attempt attempt) {
        long now = System.nanoTime();
        Long last = lastWarned.get(target);
        if (last != null && now - last < WARN_EVERY_NANOS) {
            return;
        }
        lastWarned.put(target, now);
        String setting = target instanceof Provider provider ? Providers.of(provider).credentialSetting()
                .map(key -> "shortener." + key).orElse("its access") : "its access";
        LOG.warnf("provider %s refused a call (%s): check %s", target.id(), attempt.reason(), setting);
    }
}
