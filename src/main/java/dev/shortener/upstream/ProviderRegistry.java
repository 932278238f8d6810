package dev.shortener.upstream;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.error.RequestRejectedException;

/** The providers this service can call with its configuration, and the choice of one per request. */
@Singleton
public class ProviderRegistry {

    private final ShortenerConfig config;
    private final UpstreamSettings settings;
    private final Map<String, ShortenerProvider> perCall;

    ProviderRegistry(ShortenerConfig config, Config raw) {
        this.config = config;
        this.settings = UpstreamSettings.of(config, raw);
        this.perCall = Providers.available(settings);
    }

    /** The default provider ({@code shortener.provider}). */
    public Provider defaultProvider() {
        return config.provider();
    }

    /**
     * The provider a request asks for ({@code ?provider=}), else the default; a 400 problem names an unknown id or
     * what to configure for a provider that is not set up.
     */
    public Provider resolve(Optional<String> requested) {
        if (requested.isEmpty() || requested.get().isBlank()) {
            return config.provider();
        }
        String id = requested.get().trim();
        Provider provider = Provider.parse(id).orElseThrow(() -> RequestRejectedException.badRequest(
                "unknown provider '" + id + "' in query parameter 'provider'; valid: " + Provider.valid()));
        missing(provider).ifPresent(what -> {
            throw RequestRejectedException.badRequest(what);
        });
        return provider;
    }

    /** What must be configured before {@code provider} can be used, or empty when it is ready. */
    public Optional<String> missing(Provider provider) {
        return Providers.missing(provider, settings);
    }

    /** The per-call provider of {@code call}, or null when it is not configured. */
    ShortenerProvider forCall(UpstreamCall call) {
        return perCall.get(call.target().id());
    }

    /** What {@code provider} leaves out of {@code fields}, for the row's warning column, or null. */
    public String warning(Provider provider, LinkFields fields) {
        if (fields.isEmpty()) {
            return null;
        }
        return fields.ignoredBy(provider.id(),
                perCall.containsKey(provider.id()) ? Providers.of(provider).linkFields() : Set.of());
    }

    /** The settings the providers were built from (credentials included: never log them). */
    public UpstreamSettings settings() {
        return settings;
    }
}
