package dev.shortener.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where one provider's requests go and how: the base URL, connection pool and timeouts, read from the documented
 * {@code quarkus.rest-client.<key>.*} keys, each falling back to the global {@code quarkus.rest-client.*} key.
 *
 * @param key the client key ({@code quarkus.rest-client.<key>.*}): the provider id, {@code tinyurl} for tinyurl-bulk
 * @param base the base URL, without a trailing slash
 * @param poolSize the most connections open at once
 * @param connectTimeout the time a connection may take to open
 * @param readTimeout the time an answer may take ({@code shortener.upstream-timeout} unless set per client)
 */
@RegisterForReflection
public record Endpoint(String key, URI base, int poolSize, Duration connectTimeout, Duration readTimeout) {

    /** The Quarkus REST client's own default pool size, kept so that a pool nobody sized stays what it was. */
    static final int DEFAULT_POOL_SIZE = 50;
    private static final long DEFAULT_TIMEOUT_MILLIS = 30_000;

    /** The endpoint of client {@code key}, or empty when it has no base URL. */
    public static Optional<Endpoint> of(Config config, String key) {
        return url(config, key).map(url -> new Endpoint(key, URI.create(trimmed(url)),
                setting(config, key, "connection-pool-size").orElse((long) DEFAULT_POOL_SIZE).intValue(),
                Duration.ofMillis(setting(config, key, "connect-timeout").orElse(DEFAULT_TIMEOUT_MILLIS)),
                Duration.ofMillis(setting(config, key, "read-timeout").orElse(DEFAULT_TIMEOUT_MILLIS))));
    }

    /** The base URL of client {@code key} ({@code .url}, or the older {@code .uri}), if set and not blank. */
    static Optional<String> url(Config config, String key) {
        String prefix = "quarkus.rest-client." + key + ".";
        return config.getOptionalValue(prefix + "url", String.class)
                .or(() -> config.getOptionalValue(prefix + "uri", String.class))
                .filter(url -> !url.isBlank());
    }

    /** The pool-size key that applies to client {@code key}: its own when set, else the global one. */
    static String poolSizeKey(Config config, String key) {
        String own = "quarkus.rest-client." + key + ".connection-pool-size";
        return config.getOptionalValue(own, Integer.class).isPresent()
                || config.getOptionalValue("quarkus.rest-client.connection-pool-size", Integer.class).isEmpty()
                        ? own
                        : "quarkus.rest-client.connection-pool-size";
    }

    /** Whether the base URL is https. */
    boolean secure() {
        return "https".equalsIgnoreCase(base.getScheme());
    }

    /** The port, the scheme's default when the URL names none. */
    int port() {
        return base.getPort() > 0 ? base.getPort() : secure() ? 443 : 80;
    }

    /** The request target of {@code request}: the base URL's path, the request's path and its query. */
    String target(UpstreamRequest request) {
        String query = UpstreamRequest.encoded(request.query());
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        return prefix + request.path() + (query.isEmpty() ? "" : "?" + query);
    }

    private static Optional<Long> setting(Config config, String key, String name) {
        return config.getOptionalValue("quarkus.rest-client." + key + "." + name, Long.class)
                .or(() -> config.getOptionalValue("quarkus.rest-client." + name, Long.class));
    }

    private static String trimmed(String url) {
        String value = url.trim();
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
