package dev.shortener.upstream;

import java.time.Duration;
import java.util.Arrays;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;

/**
 * Everything a process needs to call the upstream without CDI: what {@link UpstreamClient} reads from
 * {@link ShortenerConfig} and {@code quarkus.rest-client.*}. The service hands it to its worker processes as JSON over
 * their stdin, since it holds the token.
 *
 * @param provider the provider of SHORTEN calls
 * @param tinyUrlBase base URL of TinyURL API v2 ({@code quarkus.rest-client.tinyurl.url})
 * @param tinyUrlLegacyBase base URL of the keyless API ({@code quarkus.rest-client.tinyurl-legacy.url})
 * @param httpBinBase base URL of the {@code /uuid} endpoint ({@code quarkus.rest-client.httpbin.url})
 * @param token the TinyURL v2 bearer token, empty when none
 * @param domain the domain of v2 short links
 * @param timeout the time one attempt may take
 * @param connectTimeout the time a connection may take to open
 * @param maxAttempts attempts in all, the first one included
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between two attempts
 */
public record UpstreamSettings(Provider provider, String tinyUrlBase, String tinyUrlLegacyBase, String httpBinBase,
        String token, String domain, Duration timeout, Duration connectTimeout, int maxAttempts,
        Duration initialBackoff, Duration maxBackoff) {

    /** The settings the service itself runs with. */
    public static UpstreamSettings of(ShortenerConfig config, Config raw) {
        return new UpstreamSettings(config.provider(), baseUrl(raw, "tinyurl"), baseUrl(raw, "tinyurl-legacy"),
                baseUrl(raw, "httpbin"), config.tinyurl().token().orElse(""), config.tinyurl().domain(),
                config.upstreamTimeout(), raw.getOptionalValue("quarkus.rest-client." + config.provider().id()
                        + ".connect-timeout", Long.class).map(Duration::ofMillis).orElse(config.upstreamTimeout()),
                config.retry().maxAttempts(), config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    /** The longest a call (all attempts and the waits between them) may take, Retry-After aside. */
    public Duration longestCall() {
        return timeout.multipliedBy(maxAttempts).plus(maxBackoff.multipliedBy(maxAttempts - 1L));
    }

    /** These settings as one JSON object. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("provider", provider.id());
        json.put("tinyUrlBase", tinyUrlBase);
        json.put("tinyUrlLegacyBase", tinyUrlLegacyBase);
        json.put("httpBinBase", httpBinBase);
        json.put("token", token);
        json.put("domain", domain);
        json.put("timeoutMillis", timeout.toMillis());
        json.put("connectTimeoutMillis", connectTimeout.toMillis());
        json.put("maxAttempts", maxAttempts);
        json.put("initialBackoffMillis", initialBackoff.toMillis());
        json.put("maxBackoffMillis", maxBackoff.toMillis());
        return json;
    }

    /** Reads what {@link #toJson()} wrote. */
    public static UpstreamSettings fromJson(JsonNode json) {
        String providerId = json.path("provider").asText();
        Provider provider = Arrays.stream(Provider.values()).filter(p -> p.id().equals(providerId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + providerId + "'"));
        return new UpstreamSettings(provider, json.path("tinyUrlBase").asText(), json.path("tinyUrlLegacyBase").asText(),
                json.path("httpBinBase").asText(), json.path("token").asText(""), json.path("domain").asText(),
                Duration.ofMillis(json.path("timeoutMillis").asLong()),
                Duration.ofMillis(json.path("connectTimeoutMillis").asLong()), json.path("maxAttempts").asInt(),
                Duration.ofMillis(json.path("initialBackoffMillis").asLong()),
                Duration.ofMillis(json.path("maxBackoffMillis").asLong()));
    }

    @Override
    public String toString() {
        // Records print every component; the token must not reach a log.
        return "UpstreamSettings[provider=" + provider + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + "]";
    }

    private static String baseUrl(Config raw, String client) {
        String prefix = "quarkus.rest-client." + client + ".";
        return raw.getOptionalValue(prefix + "url", String.class)
                .or(() -> raw.getOptionalValue(prefix + "uri", String.class))
                .orElseThrow(() -> new IllegalStateException(prefix + "url is not set"));
    }
}
