package dev.shortener.upstream;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything a process needs to call the providers without CDI: what {@link UpstreamClient} reads from
 * {@link ShortenerConfig} and {@code quarkus.rest-client.*}. The service hands it to its worker processes as JSON over
 * their stdin, since it holds credentials; {@link #toString()} prints none of them.
 *
 * @param provider the default provider of SHORTEN calls
 * @param endpoints the endpoint by provider id (httpbin included); a provider without one is unavailable
 * @param providers the providers' own settings and credentials
 * @param timeout the time one attempt may take
 * @param maxAttempts attempts in all, the first one included
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between two attempts
 */
@RegisterForReflection
public record UpstreamSettings(Provider provider, Map<String, Endpoint> endpoints, ProviderSettings providers,
        Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    // Durations as ISO-8601, providers by id (an unknown one named in the error).
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule()
                    .addSerializer(Provider.class, ToStringSerializer.instance)
                    .addDeserializer(Provider.class, new FromStringDeserializer<>(Provider.class) {
                        @Override
                        protected Provider _deserialize(String id, DeserializationContext context) {
                            return Provider.parse(id).orElseThrow(
                                    () -> new IllegalArgumentException("unknown provider '" + id + "'"));
                        }
                    }))
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    /** The settings the service itself runs with. */
    public static UpstreamSettings of(ShortenerConfig config, Config raw) {
        Map<String, Endpoint> endpoints = new TreeMap<>();
        for (Provider provider : Provider.values()) {
            Endpoint.of(raw, Providers.clientOf(provider))
                    .ifPresent(endpoint -> endpoints.put(provider.id(), endpoint));
        }
        Endpoint.of(raw, Target.HTTPBIN.id()).ifPresent(endpoint -> endpoints.put(Target.HTTPBIN.id(), endpoint));
        return new UpstreamSettings(config.provider(), endpoints, ProviderSettings.of(config),
                config.upstreamTimeout(), config.retry().maxAttempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff());
    }

    /** The time a connection may take to open: the default provider's endpoint's, else the attempt's timeout. */
    public Duration connectTimeout() {
        Endpoint endpoint = endpoints.get(provider.id());
        return endpoint == null ? timeout : endpoint.connectTimeout();
    }

    /** These settings as one line of JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the upstream settings: " + e.getOriginalMessage());
        }
    }

    /** Reads what {@link #toJson()} wrote. */
    public static UpstreamSettings fromJson(JsonNode json) {
        try {
            return JSON.treeToValue(json, UpstreamSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
    }

    @Override
    public String toString() {
        // Records print every component; credentials must not reach a log.
        return "UpstreamSettings[provider=" + provider + ", configured=" + endpoints.keySet() + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + ", " + providers + "]";
    }
}
