package dev.shortener.governor;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.Providers;
import dev.shortener.upstream.UpstreamCall;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * One {@link Governor} per provider in this replica, created on first use with that provider's limits
 * ({@code shortener.upstream.providers.<id>.*} over {@code shortener.upstream.*}), and its meters:
 * {@code shortener.governor.in_flight}, {@code .waiting}, {@code .pauses}, {@code .breaker}, {@code .cap},
 * {@code .share}, {@code .paused_until} and {@code .quota_remaining}, tagged by provider. With a PostgreSQL store the
 * limits are the cluster's ({@link Cluster}).
 */
@ApplicationScoped
public class Governors {

    private final ShortenerConfig config;
    private final MeterRegistry registry;
    private final Cluster cluster;
    private final Map<String, Governor> governors = new ConcurrentHashMap<>();
    // One thread wakes every governor up after a pause or a rate interval; it never runs a call itself for long.
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("governor-timer").factory());

    Governors(ShortenerConfig config, MeterRegistry registry, Cluster cluster) {
        this.config = config;
        this.registry = registry;
        this.cluster = cluster;
    }

    /** The governor of the provider {@code call} goes to: the shortening provider, or httpbin for the benchmark. */
    public Governor forCall(UpstreamCall call) {
        return forProvider(call.target().id());
    }

    /**
     * Creates the default provider's governor at start: with PostgreSQL its first heartbeat then takes this replica's
     * share before the first call instead of on it.
     */
    void start(@Observes StartupEvent event) {
        forProvider(config.provider().id());
    }

    /** The governor of {@code provider}, by id. */
    public Governor forProvider(String provider) {
        return governors.computeIfAbsent(provider, this::create);
    }

    /**
     * How long calls to {@code provider} are still paused, in milliseconds (0: not paused, or no governor yet): the
     * transport's last check before a granted attempt goes on the wire. Lock-free.
     */
    public long pausedMillis(String provider) {
        Governor governor = governors.get(provider);
        return governor == null ? 0 : governor.pausedForMillis();
    }

    private Governor create(String provider) {
        ShortenerConfig.Upstream defaults = config.upstream();
        ShortenerConfig.Limits own = defaults.providers().get(provider);
        // Own setting, else the provider's documented default (is.gd, Bitly: 5), else the service-wide one.
        int maxInFlight = own != null && own.maxInFlight().isPresent() ? own.maxInFlight().getAsInt()
                : Providers.defaultMaxInFlight(provider).orElse(defaults.maxInFlight());
        double rate = own != null && own.rate().isPresent() ? own.rate().getAsDouble()
                : defaults.rate().orElse(0);
        OutageBreaker breaker = new OutageBreaker(defaults.outage().failures(), defaults.outage().maxProbeInterval(),
                System::nanoTime);
        Governor governor = new Governor(provider, maxInFlight, rate, System::nanoTime,
                (task, delayNanos) -> timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS), breaker);
        Optional<QuotaSpec> quota = own != null ? own.quota() : Optional.empty();
        quota.ifPresent(spec -> governor.setQuota(cluster.active() ? cluster.quota(governor, spec)
                : new LocalQuota(spec, System::currentTimeMillis)));
        cluster.join(governor);
        Gauge.builder("shortener.governor.breaker", breaker, b -> b.state().gauge())
                .description("The provider's outage breaker as this replica applies it (shared with PostgreSQL): "
                        + "0 closed, 1 half-open (its probe went from here), 2 open")
                .tag("provider", provider)
                .register(registry);
        Gauge.builder("shortener.governor.in_flight", governor, Governor::inFlight)
                .description("Calls holding a permit of the provider's governor (all batches, jobs and models)")
                .tag("provider", provider)
                .register(registry);
        Gauge.builder("shortener.governor.waiting", governor, Governor::waiting)
                .description("Calls waiting for a permit of the provider's governor")
                .tag("provider", provider)
                .register(registry);
        FunctionCounter.builder("shortener.governor.pauses", governor, Governor::pauses)
                .description("Global pauses of every call to the provider after a 429 or a 503 with Retry-After")
                .tag("provider", provider)
                .register(registry);
        gauge("shortener.governor.cap", governor, Governor::configuredMaxInFlight,
                "Calls in flight allowed to the provider: across every replica when they share PostgreSQL");
        gauge("shortener.governor.share", governor, Governor::maxInFlight,
                "This replica's share of the provider's cap (the cap itself with the embedded store)");
        gauge("shortener.governor.paused_until", governor, g -> g.pausedUntilEpochMillis() / 1000.0,
                "End of the provider's pause in epoch seconds, 0 when not paused");
        if (quota.isPresent()) {
            gauge("shortener.governor.quota_remaining", governor, g -> g.quota().remaining(),
                    "Calls left in the provider's quota period (the cluster's, as this replica last saw it)");
        }
        return governor;
    }

    private void gauge(String name, Governor governor, ToDoubleFunction<Governor> value, String description) {
        Gauge.builder(name, governor, value).description(description).tag("provider", governor.provider())
                .register(registry);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
