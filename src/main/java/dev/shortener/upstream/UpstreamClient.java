package dev.shortener.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.shortener.config.ShortenerConfig;
import io.smallrye.mutiny.Uni;

/**
 * Makes one attempt of an {@link UpstreamCall} with the Quarkus REST client: the call's provider shapes the request,
 * its REST client interface sends it (a timeout applies), and the provider reads the answer into a value or a reason.
 * Retries are the pipeline's ({@link RetryPolicy}).
 */
@ApplicationScoped
public class UpstreamClient {

    private final ProviderRegistry registry;
    private final ShortenerConfig config;
    private final Map<String, Function<UpstreamRequest, Uni<RestResponse<String>>>> senders;

    // Every client is a lazy CDI proxy: one whose provider has no URL is never called, so it is never built.
    UpstreamClient(ProviderRegistry registry, ShortenerConfig config, @RestClient TinyUrlApi tinyUrl,
            @RestClient TinyUrlLegacyApi tinyUrlLegacy, @RestClient HttpBinApi httpBin, @RestClient IsGdApi isGd,
            @RestClient VGdApi vGd, @RestClient BitlyApi bitly, @RestClient ShlinkApi shlink,
            @RestClient KuttApi kutt, @RestClient YourlsApi yourls) {
        this.registry = registry;
        this.config = config;
        this.senders = Map.of(
                "tinyurl", r -> tinyUrl.create(r.header("Authorization"), r.body()),
                "tinyurl-legacy", r -> tinyUrlLegacy.create(r.query().get("url"), r.query().get("alias")),
                UpstreamCall.HTTPBIN, r -> httpBin.uuid(),
                "isgd", r -> isGd.create(r.query().get("format"), r.query().get("url"), r.query().get("shorturl")),
                "vgd", r -> vGd.create(r.query().get("format"), r.query().get("url"), r.query().get("shorturl")),
                "bitly", r -> bitly.create(r.header("Authorization"), r.body()),
                "shlink", r -> shlink.create(r.header("X-Api-Key"), r.body()),
                "kutt", r -> kutt.create(r.header("X-API-KEY"), r.body()),
                "yourls", r -> yourls.api(r.body()));
    }

    /** One attempt of {@code call}: a timeout, then the answer classified; never fails. */
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        ShortenerProvider provider = registry.forCall(call);
        if (provider == null) {
            return Uni.createFrom().item(Attempt.failedWithoutAnswer("provider "
                    + call.providerTag(config.provider()) + " is not configured", number));
        }
        String refusal = provider.refusal(call);
        if (refusal != null) {
            return Uni.createFrom().item(Attempt.rejected(0, refusal, number));
        }
        Duration timeout = config.upstreamTimeout();
        return Uni.createFrom().deferred(() -> senders.get(provider.id()).apply(provider.request(call)))
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onItem().transform(response -> provider.read(response.getStatus(), bodyOf(response),
                        response.getHeaderString("Retry-After"), number))
                .onFailure().recoverWithItem(failure -> Attempt.transportFailure(failure, timeout, number));
    }

    /** Error responses are not deserialised by the client, so their entity is read as text here. */
    static String bodyOf(RestResponse<String> response) {
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
