package dev.shortener.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.shortener.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A TinyURL legacy upstream on a fixed loopback port that a test takes down (every connection closed, the port
 * refusing) and brings back on the same port; it answers after a delay and counts the requests per long URL, each
 * one a link it created (so that a test can count links created twice).
 */
public class OutageUpstream implements QuarkusTestResourceLifecycleManager {

    private static volatile OutageUpstream current;

    private final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private volatile long delayMillis = 50;
    private Vertx vertx;
    private HttpServer server;
    private int port;

    /** The upstream the running application talks to: up, counts reset. */
    public static OutageUpstream fresh() {
        OutageUpstream upstream = current;
        upstream.up();
        upstream.created.clear();
        upstream.received.set(0);
        return upstream;
    }

    @Override
    public Map<String, String> start() {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vertx = Vertx.vertx();
        current = this;
        up();
        return Map.of("quarkus.rest-client.tinyurl-legacy.url", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Listens again on the same port (no-op when up). */
    public synchronized void up() {
        if (server != null) {
            return;
        }
        HttpServer started = vertx.createHttpServer().requestHandler(this::handle);
        started.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        server = started;
    }

    /** Closes every connection (requests in flight get no answer) and the port: new connections are refused. */
    public synchronized void down() {
        if (server == null) {
            return;
        }
        server.close().toCompletionStage().toCompletableFuture().join();
        server = null;
    }

    /** Requests received since the last reset. */
    public int received() {
        return received.get();
    }

    /** Links created more than once: requests for a URL beyond its first, summed over URLs. */
    public int createdTwice() {
        return created.values().stream().mapToInt(n -> n.get() - 1).sum();
    }

    /** Distinct URLs seen. */
    public int urls() {
        return created.size();
    }

    private void handle(HttpServerRequest request) {
        String url = request.getParam("url");
        received.incrementAndGet();
        created.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
        vertx.setTimer(delayMillis, ignored -> {
            if (!request.response().closed() && !request.response().ended()) {
                request.response().putHeader("Content-Type", "text/plain").end(Fixtures.stubShortUrl(url));
            }
        });
    }
}
