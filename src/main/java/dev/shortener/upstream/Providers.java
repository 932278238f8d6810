package dev.shortener.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;

import dev.shortener.config.Provider;

/**
 * The catalogue of providers: the {@link ProviderDescription} each provider class declares, what must be configured
 * before one can be used, and the per-call instances built from {@link ProviderSettings}. Adding a provider means a
 * class in this package with its description, a line here and an id in {@link Provider}; no transport, model, batch
 * or job code changes.
 */
public final class Providers {

    private static final List<ProviderDescription> ALL = List.of(TinyUrlLegacy.DESCRIPTION, TinyUrl.DESCRIPTION,
            TinyUrlBulk.DESCRIPTION, IsGd.ISGD, IsGd.VGD, Bitly.DESCRIPTION, Shlink.DESCRIPTION, Kutt.DESCRIPTION,
            Yourls.DESCRIPTION);
    private static final Map<Provider, ProviderDescription> BY_PROVIDER = byProvider();

    private Providers() {
    }

    /** What the catalogue knows of {@code provider}. */
    public static ProviderDescription of(Provider provider) {
        return BY_PROVIDER.get(provider);
    }

    /** Calls in flight a provider accepts by default, when {@code shortener.upstream.providers.<id>} says nothing. */
    public static OptionalInt defaultMaxInFlight(String id) {
        return Provider.parse(id).map(provider -> of(provider).defaultMaxInFlight()).orElse(OptionalInt.empty());
    }

    /** What must be configured before {@code provider} can be used, or empty when it is ready. */
    public static Optional<String> missing(Provider provider, UpstreamSettings settings) {
        ProviderDescription description = of(provider);
        if (!settings.endpoints().containsKey(provider.id())) {
            String key = "quarkus.rest-client." + description.client() + ".url";
            return Optional.of("provider " + provider.id() + " has no base URL: set " + key + " (env " + env(key)
                    + ")");
        }
        return description.credentialSetting()
                .filter(key -> description.lacksCredential(settings.providers()))
                .map(key -> "provider " + provider.id() + " needs shortener." + key + " (env "
                        + env("shortener." + key) + ")");
    }

    /**
     * The first endpoint whose connection pool is below {@code concurrency}, as a message naming the key to raise: the
     * pool caps a provider's calls in flight silently. Every client the transport may open is checked (httpbin last).
     */
    public static Optional<String> poolBelow(Config raw, int concurrency) {
        TreeSet<String> clients = new TreeSet<>();
        ALL.forEach(description -> clients.add(description.client()));
        for (String client : clients) {
            Optional<String> small = poolBelow(raw, client, concurrency);
            if (small.isPresent()) {
                return small;
            }
        }
        return poolBelow(raw, Target.HTTPBIN.id(), concurrency);
    }

    private static Optional<String> poolBelow(Config raw, String client, int concurrency) {
        return Endpoint.of(raw, client).filter(endpoint -> endpoint.poolSize() < concurrency).map(endpoint -> {
            String key = Endpoint.poolSizeKey(raw, client);
            return key + "=" + endpoint.poolSize() + " is below the largest model concurrency (" + concurrency
                    + "); raise it (env " + env(key) + ") or lower shortener.async/virtual-threads.concurrency";
        });
    }

    /** The client ({@code quarkus.rest-client.<key>.*}) whose endpoint {@code provider}'s requests go to. */
    public static String clientOf(Provider provider) {
        return of(provider).client();
    }

    /** Every per-call provider that is ready with {@code settings}, by id, httpbin included when configured. */
    public static Map<String, ShortenerProvider> available(UpstreamSettings settings) {
        Map<String, ShortenerProvider> providers = new LinkedHashMap<>();
        for (ProviderDescription description : ALL) {
            if (!description.bulk() && missing(description.provider(), settings).isEmpty()) {
                providers.put(description.provider().id(), description.create().apply(settings.providers()));
            }
        }
        if (settings.endpoints().containsKey(Target.HTTPBIN.id())) {
            providers.put(Target.HTTPBIN.id(), new HttpBin());
        }
        return providers;
    }

    /** Whether {@code provider} makes one HTTP call per row (every one but those that take rows in bulk). */
    public static boolean perCall(Provider provider) {
        return !of(provider).bulk();
    }

    private static Map<Provider, ProviderDescription> byProvider() {
        Map<Provider, ProviderDescription> descriptions = new LinkedHashMap<>();
        ALL.forEach(description -> descriptions.put(description.provider(), description));
        for (Provider provider : Provider.values()) {
            if (!descriptions.containsKey(provider)) {
                throw new IllegalStateException("provider " + provider + " has no description in Providers");
            }
        }
        return descriptions;
    }

    private static String env(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }
}
