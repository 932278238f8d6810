package dev.shortener.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.shortener.config.ShortenerConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.Vertx;

/**
 * Makes one attempt of an {@link UpstreamCall} with the Quarkus REST client: the call's provider shapes the request,
 * its REST client interface sends it (the client's timeout applies), and the provider reads the answer into a value or
 * a reason. Retries are the pipeline's ({@link RetryPolicy}).
 */
@Singleton
public class UpstreamClient {

    private final ProviderRegistry registry;
    private final ShortenerConfig config;
    private final Map<String, Function<UpstreamRequest, Uni<RestResponse<String>>>> senders;
    private final ProviderLoops loops;

    // Clients are looked up on first use: building one without a base URL fails, and a self-hosted provider without
    // its URL is simply never called (ProviderRegistry refuses it first).
    UpstreamClient(ProviderRegistry registry, ShortenerConfig config, Vertx vertx,
            @RestClient Instance<TinyUrlApi> tinyUrl, @RestClient Instance<TinyUrlLegacyApi> tinyUrlLegacy,
            @RestClient Instance<HttpBinApi> httpBin, @RestClient Instance<IsGdApi> isGd,
            @RestClient Instance<VGdApi> vGd, @RestClient Instance<BitlyApi> bitly,
            @RestClient Instance<ShlinkApi> shlink, @RestClient Instance<KuttApi> kutt,
            @RestClient Instance<YourlsApi> yourls) {
        this.registry = registry;
        this.config = config;
        this.loops = new ProviderLoops(vertx);
        this.senders = Map.of(
                "tinyurl", sender(tinyUrl, (api, r) -> api.create(r.header("Authorization"), r.body())),
                "tinyurl-legacy", sender(tinyUrlLegacy, (api, r) -> api.create(r.query().get("url"),
                        r.query().get("alias"))),
                UpstreamCall.HTTPBIN, sender(httpBin, (api, r) -> api.uuid()),
                "isgd", sender(isGd, (api, r) -> api.create(r.query().get("format"), r.query().get("url"),
                        r.query().get("shorturl"))),
                "vgd", sender(vGd, (api, r) -> api.create(r.query().get("format"), r.query().get("url"),
                        r.query().get("shorturl"))),
                "bitly", sender(bitly, (api, r) -> api.create(r.header("Authorization"), r.body())),
                "shlink", sender(shlink, (api, r) -> api.create(r.header("X-Api-Key"), r.body())),
                "kutt", sender(kutt, (api, r) -> api.create(r.header("X-API-KEY"), r.body())),
                "yourls", sender(yourls, (api, r) -> api.api(r.body())));
    }

    /** Sends with the client of {@code instance}, built once, on the first call. */
    private static <T> Function<UpstreamRequest, Uni<RestResponse<String>>> sender(Instance<T> instance,
            BiFunction<T, UpstreamRequest, Uni<RestResponse<String>>> send) {
        AtomicReference<T> client = new AtomicReference<>();
        return request -> send.apply(client.updateAndGet(built -> built != null ? built : instance.get()), request);
    }

    /**
     * Runs tasks on the event loop that {@code providerId}'s calls leave from. Code that starts many calls at once
     * (the calls whose "sent" marks one commit just made durable) runs there: one hand-over for all of them instead of
     * one per call.
     */
    public Executor eventLoop(String providerId) {
        return loops.forProvider(providerId);
    }

    /**
     * One attempt of {@code call}: the answer classified; never fails. The REST client's own timeout applies
     * ({@code quarkus.rest-client.read-timeout}, which {@link UpstreamTimeoutConfig} derives from
     * {@code shortener.upstream-timeout}): a Vert.x timer on the connection's event loop, instead of a Mutiny timer
     * per call on another thread. Its {@code TimeoutException} is classified like any other. The request leaves from
     * the provider's event loop ({@link ProviderLoops}).
     */
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
        Uni<RestResponse<String>> sent;
        try {
            sent = senders.get(provider.id()).apply(provider.request(call));
        } catch (RuntimeException e) {
            return Uni.createFrom().item(Attempt.transportFailure(e, timeout, number));
        }
        // The client's Uni is lazy: the request is built and sent on subscription, from the provider's event loop.
        return new Classified(sent.runSubscriptionOn(loops.forProvider(provider.id())), provider, timeout, number);
    }

    /**
     * The answer (or the transport failure) read into an {@link Attempt}: {@code onItemOrFailure().transform(..)}
     * without the context-propagation wrapper Mutiny puts around an operator's callback, which this pure function does
     * not need.
     */
    private static final class Classified extends AbstractUni<Attempt> {
        private final Uni<RestResponse<String>> sent;
        private final ShortenerProvider provider;
        private final Duration timeout;
        private final int number;

        Classified(Uni<RestResponse<String>> sent, ShortenerProvider provider, Duration timeout, int number) {
            this.sent = sent;
            this.provider = provider;
            this.timeout = timeout;
            this.number = number;
        }

        @Override
        public void subscribe(UniSubscriber<? super Attempt> downstream) {
            sent.subscribe().withSubscriber(new UniSubscriber<RestResponse<String>>() {
                @Override
                public void onSubscribe(UniSubscription subscription) {
                    downstream.onSubscribe(subscription);
                }

                @Override
                public void onItem(RestResponse<String> response) {
                    downstream.onItem(read(response));
                }

                @Override
                public void onFailure(Throwable failure) {
                    downstream.onItem(Attempt.transportFailure(failure, timeout, number));
                }
            });
        }

        private Attempt read(RestResponse<String> response) {
            try {
                return provider.read(response.getStatus(), bodyOf(response), response.getHeaderString("Retry-After"),
                        number);
            } catch (RuntimeException unreadable) {
                return Attempt.transportFailure(unreadable, timeout, number);
            }
        }
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
