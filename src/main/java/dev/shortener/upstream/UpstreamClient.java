package dev.shortener.upstream;

import java.time.Duration;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;

/**
 * Makes one attempt of an {@link UpstreamCall}: the call's provider shapes the request, {@link UpstreamTransport}
 * sends it (its read timeout applies), and the provider reads the answer into a value or a reason. Retries are the
 * pipeline's ({@link RetryPolicy}).
 */
@Singleton
public class UpstreamClient {

    private final ProviderRegistry registry;
    private final UpstreamTransport transport;

    UpstreamClient(ProviderRegistry registry, UpstreamTransport transport) {
        this.registry = registry;
        this.transport = transport;
    }

    /**
     * Runs tasks on the event loop that {@code providerId}'s calls leave from. Code that starts many calls at once
     * (the calls whose "sent" marks one commit just made durable) runs there: one hand-over for all of them instead of
     * one per call.
     */
    public Executor eventLoop(String providerId) {
        return transport.eventLoop(providerId);
    }

    /**
     * One attempt of {@code call}: the answer classified; never fails. The transport's read timeout
     * ({@code quarkus.rest-client.read-timeout}, which {@link UpstreamTimeoutConfig} derives from
     * {@code shortener.upstream-timeout}) is a Vert.x timer on the connection's event loop; its timeout is classified
     * like any other failure.
     */
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        ShortenerProvider provider = registry.forCall(call);
        if (provider == null) {
            return Uni.createFrom().item(Attempt.failedWithoutAnswer("provider " + call.target().id()
                    + " is not configured", number));
        }
        String refusal = provider.refusal(call);
        if (refusal != null) {
            return Uni.createFrom().item(Attempt.rejected(0, refusal, number));
        }
        UpstreamRequest request;
        try {
            request = provider.request(call);
        } catch (RuntimeException e) {
            // A request that cannot be built is no timeout: the duration only words timeouts.
            return Uni.createFrom().item(Attempt.transportFailure(e, Duration.ZERO, number));
        }
        return transport.send(call.target().id(), request, number,
                (status, body, retryAfter) -> provider.read(status, body, retryAfter, number));
    }
}
