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
 * Makes one attempt of an {@link UpstreamCall} against the configured provider with the Quarkus REST client: timeout,
 * then the answer classified into a value or a reason. Retries are the pipeline's ({@link RetryPolicy}).
 */
@ApplicationScoped
public class UpstreamClient {

    private final TinyUrlApi tinyUrl;
    private final TinyUrlLegacyApi tinyUrlLegacy;
    private final HttpBinApi httpBin;
    private final ShortenerConfig config;

    UpstreamClient(@RestClient TinyUrlApi tinyUrl, @RestClient TinyUrlLegacyApi tinyUrlLegacy,
            @RestClient HttpBinApi httpBin, ShortenerConfig config) {
        this.tinyUrl = tinyUrl;
        this.tinyUrlLegacy = tinyUrlLegacy;
        this.httpBin = httpBin;
        this.config = config;
    }

    /** One attempt of {@code call}: a timeout, then the answer classified; never fails. */
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        Duration timeout = config.upstreamTimeout();
        return send(call)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onItem().transform(response -> UpstreamResponses.classify(call, config.provider(),
                        response.getStatus(), bodyOf(response), response.getHeaderString("Retry-After"), number))
                .onFailure().recoverWithItem(failure -> Attempt.transportFailure(failure, timeout, number));
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
