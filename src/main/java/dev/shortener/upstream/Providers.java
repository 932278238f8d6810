package dev.shortener.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.shortener.config.Provider;

/**
 * The catalogue of providers: which settings each needs, its default limits, and the per-call instances built from
 * {@link UpstreamSettings}. Adding a provider means a class in this package, a REST client interface, a line here
 * and one in {@link UpstreamClient}; no model, batch or job code changes.
 */
public final class Providers {

    private Providers() {
    }

    /** Calls in flight a provider accepts by default, when {@code shortener.upstream.providers.<id>} says nothing. */
    public static OptionalInt defaultMaxInFlight(String id) {
        return switch (id) {
            // is.gd/v.gd and Bitly allow about 5 concurrent connections per client IP.
            case "isgd", "vgd", "bitly" -> OptionalInt.of(5);
            default -> OptionalInt.empty();
        };
    }

    /** What must be configured before {@code provider} can be used, or empty when it is ready. */
    public static Optional<String> missing(Provider provider, UpstreamSettings settings) {
        String client = provider == Provider.TINYURL_BULK ? Provider.TINYURL.id() : provider.id();
        if (!settings.baseUrls().containsKey(provider.id())) {
            return Optional.of("provider " + provider.id() + " has no base URL: set quarkus.rest-client." + client
                    + ".url (env " + env("quarkus.rest-client." + client + ".url") + ")");
        }
        return credentialSetting(provider)
                .filter(key -> settings.option(key).isEmpty())
                .map(key -> "provider " + provider.id() + " needs shortener." + key + " (env "
                        + env("shortener." + key) + ")");
    }

    /** Every per-call provider that is ready with {@code settings}, by id, httpbin included when configured. */
    public static Map<String, ShortenerProvider> available(UpstreamSettings settings) {
        Map<String, ShortenerProvider> providers = new LinkedHashMap<>();
        for (Provider provider : Provider.values()) {
            if (missing(provider, settings).isEmpty()) {
                create(provider, settings).ifPresent(p -> providers.put(p.id(), p));
            }
        }
        if (settings.baseUrls().containsKey(UpstreamCall.HTTPBIN)) {
            providers.put(UpstreamCall.HTTPBIN, new HttpBin());
        }
        return providers;
    }

    /** Whether {@code provider} makes one HTTP call per row (every one but tinyurl-bulk, which works in chunks). */
    public static boolean perCall(Provider provider) {
        return provider != Provider.TINYURL_BULK;
    }

    private static Optional<ShortenerProvider> create(Provider provider, UpstreamSettings settings) {
        return Optional.ofNullable(switch (provider) {
            case TINYURL -> new TinyUrl(settings.option("tinyurl.token").orElse(""),
                    settings.option("tinyurl.domain").orElse("tinyurl.com"));
            case TINYURL_LEGACY -> new TinyUrlLegacy();
            case TINYURL_BULK -> null;
            case ISGD, VGD -> new IsGd(provider.id());
            case BITLY -> new Bitly(settings.option("bitly.token").orElse(""),
                    settings.option("bitly.domain").orElse(null), settings.option("bitly.group-guid").orElse(null));
            case SHLINK -> new Shlink(settings.option("shlink.api-key").orElse(""));
            case KUTT -> new Kutt(settings.option("kutt.api-key").orElse(""));
            case YOURLS -> new Yourls(settings.option("yourls.signature").orElse(""));
        });
    }

    /** The {@code shortener.*} key suffix of the credential {@code provider} needs, if any. */
    static Optional<String> credentialSetting(Provider provider) {
        return Optional.ofNullable(switch (provider) {
            case TINYURL, TINYURL_BULK -> "tinyurl.token";
            case BITLY -> "bitly.token";
            case SHLINK -> "shlink.api-key";
            case KUTT -> "kutt.api-key";
            case YOURLS -> "yourls.signature";
            case TINYURL_LEGACY, ISGD, VGD -> null;
        });
    }

    private static String env(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }
}
