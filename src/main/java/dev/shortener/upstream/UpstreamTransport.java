package dev.shortener.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.shortener.governor.Governors;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends any {@link UpstreamRequest} with Vert.x's HTTP client: one client per endpoint (its pool, connect and read
 * timeouts from {@link Endpoint}), every request from the endpoint's event loop ({@link ProviderLoops}). The core
 * client rather than a REST client or WebClient: a request here is already a method, a target, headers and a text
 * body, so any layer above the core client would only add work per call on the hot path.
 */
@Singleton
public class UpstreamTransport {

    private final Vertx vertx;
    private final Config config;
    private final ProviderLoops loops;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Governors governors;

    UpstreamTransport(Vertx vertx, Config config) {
        this(vertx, config, null);
    }

    @Inject
    UpstreamTransport(Vertx vertx, Config config, Governors governors) {
        this.vertx = vertx;
        this.config = config;
        this.governors = governors;
        this.loops = new ProviderLoops(vertx);
    }

    /** Runs tasks on the event loop that client {@code key}'s requests leave from. */
    public Executor eventLoop(String key) {
        return loops.forProvider(key);
    }

    /**
     * Sends {@code request} to client {@code key} once per subscription and reads the answer with {@code reader};
     * a transport failure (no answer, the read timeout, a refused connection) becomes the attempt {@code number}'s
     * retryable failure. Never fails.
     */
    public Uni<Attempt> send(String key, UpstreamRequest request, int number, AnswerReader reader) {
        Route route = route(key);
        if (route == null) {
            return Uni.createFrom().item(Attempt.failedWithoutAnswer("provider " + key + " has no base URL", number));
        }
        return new Exchange(route, request, number, reader).uni();
    }

    private Route route(String key) {
        Route known = routes.get(key);
        if (known != null) {
            return known;
        }
        return Endpoint.of(config, key)
                .map(endpoint -> routes.computeIfAbsent(key, k -> new Route(endpoint, client(endpoint),
                        loops.forProvider(k), vertx, () -> governors == null ? 0 : governors.pausedMillis(k))))
                .orElse(null);
    }

    private HttpClient client(Endpoint endpoint) {
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(endpoint.base().getHost())
                .setDefaultPort(endpoint.port())
                .setSsl(endpoint.secure())
                .setForceSni(endpoint.secure())
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis()))
                .setKeepAlive(true);
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(endpoint.poolSize()));
    }

    @PreDestroy
    void close() {
        routes.values().forEach(route -> route.client().close());
    }

    /** Reads one HTTP answer into an attempt. */
    @FunctionalInterface
    public interface AnswerReader {
        /** {@code retryAfter} is the raw header or null. */
        Attempt read(int status, String body, String retryAfter);
    }

    /** One endpoint's client and event loop. */
    private record Route(Endpoint endpoint, HttpClient client, Executor loop, Vertx vertx, LongSupplier paused) {
    }

    /** One request, sent once per subscription from the route's loop. */
    private record Exchange(Route route, UpstreamRequest request, int number, AnswerReader reader) {
        Uni<Attempt> uni() {
            return new AbstractUni<>() {
                @Override
                public void subscribe(UniSubscriber<? super Attempt> downstream) {
                    Sending sending = new Sending(Exchange.this, downstream);
                    downstream.onSubscribe(sending);
                    route.loop().execute(sending);
                }
            };
        }
    }

    /** One subscription's request; cancelling resets it. */
    private static final class Sending implements Runnable, UniSubscription {
        private final Exchange exchange;
        private final UniSubscriber<? super Attempt> downstream;
        private volatile boolean cancelled;
        private volatile HttpClientRequest sent;

        Sending(Exchange exchange, UniSubscriber<? super Attempt> downstream) {
            this.exchange = exchange;
            this.downstream = downstream;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            UpstreamRequest request = exchange.request();
            Endpoint endpoint = exchange.route().endpoint();
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(request.method()))
                    .setURI(endpoint.target(request))
                    .setIdleTimeout(endpoint.readTimeout().toMillis())
                    .putHeader("Accept", request.accept());
            request.headers().forEach(options::putHeader);
            if (request.body() != null) {
                options.putHeader("Content-Type", request.contentType());
            }
            exchange.route().client().request(options)
                    .compose(this::send)
                    .onComplete(this::answered);
        }

        private Future<Attempt> send(HttpClientRequest http) {
            sent = http;
            if (cancelled) {
                http.reset();
            }
            long paused = exchange.route().paused().getAsLong();
            if (paused > 0 && !cancelled) {
                // Granted before a pause began, not on the wire yet (a connection to open, a busy loop): no attempt
                // may leave during a pause, so it leaves when the pause ends.
                Promise<Attempt> later = Promise.promise();
                exchange.route().vertx().setTimer(paused, id -> send(http).onComplete(later));
                return later.future();
            }
            String body = exchange.request().body();
            return (body == null ? http.send() : http.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(answer -> read(response.statusCode(),
                            answer.toString(StandardCharsets.UTF_8), response.getHeader("Retry-After"))));
        }

        private Attempt read(int status, String body, String retryAfter) {
            try {
                return exchange.reader().read(status, body.trim(), retryAfter);
            } catch (RuntimeException unreadable) {
                return failure(unreadable);
            }
        }

        private void answered(AsyncResult<Attempt> result) {
            if (!cancelled) {
                downstream.onItem(result.succeeded() ? result.result() : failure(result.cause()));
            }
        }

        private Attempt failure(Throwable cause) {
            return Attempt.transportFailure(cause, exchange.route().endpoint().readTimeout(), exchange.number());
        }

        @Override
        public void cancel() {
            cancelled = true;
            HttpClientRequest http = sent;
            if (http != null) {
                http.reset();
            }
        }
    }
}
