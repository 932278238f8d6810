package dev.shortener.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

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
    private final UpstreamMetrics metrics;

    UpstreamClient(@RestClient TinyUrlApi tinyUrl, @RestClient TinyUrlLegacyApi tinyUrlLegacy,
            @RestClient HttpBinApi httpBin, ShortenerConfig config, UpstreamMetrics metrics) {
        this.tinyUrl = tinyUrl;
        this.tinyUrlLegacy = tinyUrlLegacy;
        this.httpBin = httpBin;
        this.config = config;
        this.metrics = metrics;
    }

    /** Calls the upstream, retrying as configured; the outcome holds the value or the final error. */
    public Uni<CallOutcome> call(UpstreamCall call) {
        long start = System.nanoTime();
        return attempt(call, 1)
                .onItem().transform(result -> result.toOutcome(System.nanoTime() - start, PID));
    }

    private Uni<Attempt> attempt(UpstreamCall call, int number) {
        Duration timeout = config.upstreamTimeout();
        return send(call)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onItem().transform(response -> UpstreamResponses.classify(call, config.provider(),
                        response.getStatus(), bodyOf(response), response.getHeaderString("Retry-After"), number))
                .onFailure().recoverWithItem(failure -> Attempt.transportFailure(failure, timeout, number))
                .invoke(result -> metrics.attempted(call, result))
                .onItem().transformToUni(result -> retryIfWorthIt(call, result, number));
    }

    private Uni<Attempt> retryIfWorthIt(UpstreamCall call, Attempt result, int number) {
        if (!result.retryable() || number >= config.retry().maxAttempts()) {
            return Uni.createFrom().item(result);
        }
        Duration wait = Backoff.after(number, config.retry().initialBackoff(), config.retry().maxBackoff(),
                result.retryAfter());
        metrics.retried(call);
        return Uni.createFrom().voidItem()
                .onItem().delayIt().by(wait)
                .onItem().transformToUni(ignored -> attempt(call, number + 1));
    }

    private Uni<RestResponse<String>> send(UpstreamCall call) {
        return switch (call.kind()) {
            case UUID -> httpBin.uuid();
            case SHORTEN -> switch (config.provider()) {
                case TINYURL -> tinyUrl.create(UpstreamRequest.bearer(config.tinyurl().token().orElse("")),
                        new TinyUrlApi.CreateRequest(call.url(), config.tinyurl().domain(), call.alias()));
                case TINYURL_LEGACY -> tinyUrlLegacy.create(call.url(), call.alias());
            };
        };
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
}
