package dev.shortener.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import io.smallrye.mutiny.Uni;

/**
 * Runs one {@link UpstreamCall} against the configured provider: timeout per attempt, retries with backoff and
 * jitter, and the mapping of every failure into a row error. Never fails: the outcome carries the error.
 */
@ApplicationScoped
public class UpstreamClient {

    private static final long PID = ProcessHandle.current().pid();

    private final TinyUrlApi tinyUrl;
    private final TinyUrlLegacyApi tinyUrlLegacy;
    private final HttpBinApi httpBin;
    private final ShortenerConfig config;
    private final ObjectMapper json;
    private final UpstreamMetrics metrics;

    UpstreamClient(@RestClient TinyUrlApi tinyUrl, @RestClient TinyUrlLegacyApi tinyUrlLegacy,
            @RestClient HttpBinApi httpBin, ShortenerConfig config, ObjectMapper json, UpstreamMetrics metrics) {
        this.tinyUrl = tinyUrl;
        this.tinyUrlLegacy = tinyUrlLegacy;
        this.httpBin = httpBin;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    /** Calls the upstream, retrying as configured; the outcome holds the value or the final error. */
    public Uni<CallOutcome> call(UpstreamCall call) {
        long start = System.nanoTime();
        return attempt(call, 1)
                .onItem().transform(result -> result.toOutcome(System.nanoTime() - start, PID));
    }

    /** The provider that SHORTEN calls go to. */
    public Provider provider() {
        return config.provider();
    }

    private Uni<Attempt> attempt(UpstreamCall call, int number) {
        Duration timeout = config.upstreamTimeout();
        return send(call)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onItem().transform(response -> classify(call, response, number))
                .onFailure().recoverWithItem(failure -> Attempt.transportFailure(failure, timeout, number))
                .invoke(result -> metrics.attempted(call, result))
                .onItem().transformToUni(result -> retryIfWorthIt(call, result, number));
    }

    private Uni<Attempt> retryIfWorthIt(UpstreamCall call, Attempt result, int number) {
        if (!result.retryable() || number >= config.retry().maxAttempts()) {
            return Uni.createFrom().item(result);
        }
        Duration wait = backoff(number, result.retryAfter());
        metrics.retried(call);
        return Uni.createFrom().voidItem()
                .onItem().delayIt().by(wait)
                .onItem().transformToUni(ignored -> attempt(call, number + 1));
    }

    /** Exponential backoff with "equal jitter"; a Retry-After is a floor, not a suggestion. */
    private Duration backoff(int failedAttempts, Duration retryAfter) {
        long base = config.retry().initialBackoff().toMillis() << Math.min(failedAttempts - 1, 20);
        long capped = Math.min(base, config.retry().maxBackoff().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return retryAfter == null ? Duration.ofMillis(jittered)
                : Duration.ofMillis(Math.max(jittered, retryAfter.toMillis()));
    }

    private Uni<RestResponse<String>> send(UpstreamCall call) {
        return switch (call.kind()) {
            case UUID -> httpBin.uuid();
            case SHORTEN -> switch (config.provider()) {
                case TINYURL -> tinyUrl.create("Bearer " + config.tinyurl().token().orElse(""),
                        new TinyUrlApi.CreateRequest(call.url(), config.tinyurl().domain(), call.alias()));
                case TINYURL_LEGACY -> tinyUrlLegacy.create(call.url(), call.alias());
            };
        };
    }

    private Attempt classify(UpstreamCall call, RestResponse<String> response, int number) {
        int status = response.getStatus();
        String body = bodyOf(response);
        JsonNode tree = parseJson(body);
        if (status >= 200 && status < 300) {
            String value = valueOf(call, body, tree);
            return value != null ? Attempt.success(value, status, number)
                    : Attempt.rejected(status, "upstream returned no " + (call.kind() == UpstreamCall.Kind.UUID
                            ? "uuid" : "short URL") + ": " + abbreviate(body), number);
        }
        String message = upstreamMessage(body, tree);
        if (status == 429 || status >= 500) {
            return Attempt.retryableStatus(status, message, RetryAfter.parse(response.getHeaderString("Retry-After")),
                    number);
        }
        return Attempt.rejected(status, "upstream " + status + (message.isEmpty() ? "" : ": " + message), number);
    }

    /** Error responses are not deserialised by the client, so their entity is read as text here. */
    private static String bodyOf(RestResponse<String> response) {
        Object entity = response.getEntity();
        if (entity instanceof String text) {
            return text.trim();
        }
        if (entity instanceof InputStream stream) {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException unreadable) {
                return "";
            }
        }
        return entity == null ? "" : entity.toString().trim();
    }

    private String valueOf(UpstreamCall call, String body, JsonNode tree) {
        String value = switch (call.kind()) {
            case UUID -> tree == null ? null : tree.path("uuid").asText(null);
            case SHORTEN -> switch (config.provider()) {
                case TINYURL -> tree == null ? null : tree.path("data").path("tiny_url").asText(null);
                case TINYURL_LEGACY -> body;
            };
        };
        if (value == null || value.isBlank()) {
            return null;
        }
        if (call.kind() == UpstreamCall.Kind.SHORTEN && !(value.startsWith("http://") || value.startsWith("https://"))) {
            return null;
        }
        return value;
    }

    /** TinyURL v2 puts the reason in {@code errors[0]}; a legacy body is the reason itself (e.g. "Error"). */
    private static String upstreamMessage(String body, JsonNode tree) {
        if (tree != null) {
            JsonNode errors = tree.path("errors");
            return errors.isArray() && !errors.isEmpty() ? errors.get(0).asText() : "";
        }
        // HTML error pages from proxies are noise in a CSV cell; a short plain-text reason is kept.
        return body.startsWith("<") ? "" : abbreviate(body);
    }

    private JsonNode parseJson(String body) {
        if (!body.startsWith("{")) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
