package dev.shortener.config;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.shortener.upstream.Providers;
import dev.shortener.upstream.UpstreamSettings;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start with combinations of settings that cannot work, with a message that says which setting to fix;
 * single values are validated where they are declared ({@link ShortenerConfig}'s constraints).
 */
public class StartupChecks {

    void check(@Observes StartupEvent event, ShortenerConfig config, Config raw) {
        if (config.provider() == Provider.TINYURL && config.tinyurl().token().filter(t -> !t.isBlank()).isEmpty()) {
            throw new IllegalStateException("shortener.provider=tinyurl needs an API token: set "
                    + "SHORTENER_TINYURL_TOKEN (shortener.tinyurl.token), or use shortener.provider=tinyurl-legacy");
        }
        // The default provider must be usable: a self-hosted one without its URL or a key is a start-up error.
        Providers.missing(config.provider(), UpstreamSettings.of(config, raw)).ifPresent(what -> {
            throw new IllegalStateException(
                    "shortener.provider=" + config.provider().id() + " cannot be used: " + what);
        });
        if (!Providers.perCall(config.provider()) && config.model() == ModelName.PROCESSES) {
            throw new IllegalStateException("shortener.provider=" + config.provider().id() + " sends rows in chunks, "
                    + "which shortener.model=processes does not support; choose another model or provider");
        }
        // A connection pool silently caps concurrency: a limit above it would be a lie.
        int widest = Math.max(config.async().concurrency(), config.virtualThreads().concurrency());
        Providers.poolBelow(raw, widest).ifPresent(what -> {
            throw new IllegalStateException(what);
        });
    }
}
