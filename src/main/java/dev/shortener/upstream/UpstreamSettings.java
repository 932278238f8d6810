package dev.shortener.upstream;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;

/**
 * Everything a process needs to call the providers without CDI: what {@link UpstreamClient} reads from
 * {@link ShortenerConfig} and {@code quarkus.rest-client.*}. The service hands it to its worker processes as JSON over
 * their stdin, since it holds credentials; {@link #toString()} prints none of them.
 *
 * @param provider the default provider of SHORTEN calls
 * @param baseUrls base URL by provider id ({@code quarkus.rest-client.<id>.url}); a provider without one is unavailable
 * @param options provider settings by {@code shortener.*} key suffix ({@code tinyurl.token}, {@code bitly.domain},
 *        ...), credentials included
 * @param timeout the time one attempt may take
 * @param connectTimeout the time a connection may take to open
 * @param maxAttempts attempts in all, the first one included
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between two attempts
 */
public record UpstreamSettings(Provider provider, Map<String, String> baseUrls, Map<String, String> options,
        Duration timeout, Duration connectTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** The settings the service itself runs with. */
    public static UpstreamSettings of(ShortenerConfig config, Config raw) {
        Map<String, String> urls = new TreeMap<>();
        for (Provider provider : Provider.values()) {
            Endpoint.url(raw, Providers.clientOf(provider)).ifPresent(url -> urls.put(provider.id(), url));
        }
        Endpoint.url(raw, UpstreamCall.HTTPBIN).ifPresent(url -> urls.put(UpstreamCall.HTTPBIN, url));
        Map<String, String> options = new TreeMap<>();
        config.tinyurl().token().ifPresent(value -> options.put("tinyurl.token", value));
        options.put("tinyurl.domain", config.tinyurl().domain());
        config.bitly().token().ifPresent(value -> options.put("bitly.token", value));
        config.bitly().domain().ifPresent(value -> options.put("bitly.domain", value));
        config.bitly().groupGuid().ifPresent(value -> options.put("bitly.group-guid", value));
        config.shlink().apiKey().ifPresent(value -> options.put("shlink.api-key", value));
        config.kutt().apiKey().ifPresent(value -> options.put("kutt.api-key", value));
        config.yourls().signature().ifPresent(value -> options.put("yourls.signature", value));
        return new UpstreamSettings(config.provider(), urls, options, config.upstreamTimeout(),
                Endpoint.of(raw, Providers.clientOf(config.provider())).map(Endpoint::connectTimeout)
                        .orElse(config.upstreamTimeout()),
                config.retry().maxAttempts(), config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    /** The longest a call (all attempts and the waits between them) may take, Retry-After aside. */
    public Duration longestCall() {
        return timeout.multipliedBy(maxAttempts).plus(maxBackoff.multipliedBy(maxAttempts - 1L));
    }

    /** A provider setting that is set and not blank. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key)).filter(value -> !value.isBlank());
    }

    /** These settings as one JSON object. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("provider", provider.id());
        ObjectNode urls = json.putObject("baseUrls");
        baseUrls.forEach(urls::put);
        ObjectNode opts = json.putObject("options");
        options.forEach(opts::put);
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
        Provider provider = Provider.parse(providerId)
                .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + providerId + "'"));
        return new UpstreamSettings(provider, strings(json.path("baseUrls")), strings(json.path("options")),
                Duration.ofMillis(json.path("timeoutMillis").asLong()),
                Duration.ofMillis(json.path("connectTimeoutMillis").asLong()), json.path("maxAttempts").asInt(),
                Duration.ofMillis(json.path("initialBackoffMillis").asLong()),
                Duration.ofMillis(json.path("maxBackoffMillis").asLong()));
    }

    @Override
    public String toString() {
        // Records print every component; credentials must not reach a log.
        return "UpstreamSettings[provider=" + provider + ", configured=" + baseUrls.keySet() + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + "]";
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }
}
