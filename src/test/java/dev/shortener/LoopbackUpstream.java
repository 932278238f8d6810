package dev.shortener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A Vert.x upstream on a loopback port that counts what it sees: requests received, in flight now, most in flight at
 * once, and each arrival's URL and time. Answers like the TinyURL legacy API ({@code /api-create.php}) and httpbin
 * ({@code /uuid}); can hold every answer until {@link #release()}, delay them, or answer one URL with a given status.
 * Unlike WireMock (a small thread pool, delays on its threads) it holds thousands of requests open at once.
 */
public class LoopbackUpstream implements QuarkusTestResourceLifecycleManager {

    /** One received request. */
    public record Arrival(String url, long nanoTime) {
    }

    /** A scripted answer for one long URL, given {@code times} times, then the normal answer. */
    private record Scripted(int status, String retryAfter, AtomicInteger times) {
    }

    private static volatile LoopbackUpstream current;

    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private final Map<String, Scripted> scripted = new ConcurrentHashMap<>();
    private volatile boolean holding;
    private volatile long delayMillis;
    private volatile int failingWith;

    /** The upstream the running application talks to, reset: answering at once, nothing counted. */
    public static LoopbackUpstream fresh() {
        LoopbackUpstream upstream = current;
        upstream.release();
        upstream.holding = false;
        upstream.delayMillis = 0;
        upstream.failingWith = 0;
        upstream.scripted.clear();
        upstream.received.set(0);
        upstream.answered.set(0);
        upstream.maxInFlight.set(upstream.inFlight.get());
        synchronized (upstream.arrivals) {
            upstream.arrivals.clear();
        }
        return upstream;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        current = this;
        String url = "http://127.0.0.1:" + server.actualPort();
        return Map.of("quarkus.rest-client.tinyurl-legacy.url", url, "quarkus.rest-client.httpbin.url", url,
                "quarkus.rest-client.tinyurl.url", url);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Holds every answer from now on until {@link #release()}. */
    public LoopbackUpstream holdAnswers() {
        holding = true;
        return this;
    }

    /** Answers every request after {@code millis} (a timer, not a thread). */
    public LoopbackUpstream delayAnswers(long millis) {
        delayMillis = millis;
        return this;
    }

    /** Answers the first {@code times} requests for {@code longUrl} with {@code status} and a Retry-After. */
    public LoopbackUpstream answer(String longUrl, int status, String retryAfter, int times) {
        scripted.put(longUrl, new Scripted(status, retryAfter, new AtomicInteger(times)));
        return this;
    }

    /**
     * Answers every request from now on with {@code status} and no Retry-After (an outage, still counted here), or as
     * usual again with 0.
     */
    public LoopbackUpstream failEverything(int status) {
        failingWith = status;
        return this;
    }

    /** Stops holding and sends every held answer. */
    public void release() {
        holding = false;
        Runnable answer;
        while ((answer = held.poll()) != null) {
            answer.run();
        }
    }

    /** Requests received since the last reset. */
    public int received() {
        return received.get();
    }

    /** Requests answered since the last reset. */
    public int answered() {
        return answered.get();
    }

    /** Most requests in flight at once since the last reset. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Every request received since the last reset, in arrival order. */
    public List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    /** Polls {@code condition} until it holds, failing after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }

    private void handle(HttpServerRequest request) {
        String url = request.getParam("url");
        long now = System.nanoTime();
        // Counted in flight before received: a test that sees N received also sees them in flight.
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        synchronized (arrivals) {
            arrivals.add(new Arrival(url, now));
        }
        received.incrementAndGet();
        boolean[] done = new boolean[1];
        Runnable finish = () -> {
            synchronized (done) {
                if (done[0]) {
                    return;
                }
                done[0] = true;
            }
            inFlight.decrementAndGet();
            answered.incrementAndGet();
        };
        // A request the client gave up on (connection reset) is no longer in flight.
        request.response().closeHandler(ignored -> finish.run());
        Runnable answer = () -> {
            if (request.response().closed() || request.response().ended()) {
                finish.run();
                return;
            }
            finish.run();
            reply(request, url);
        };
        if (holding) {
            held.add(() -> vertx.runOnContext(ignored -> answer.run()));
            if (!holding) {
                release(); // release() ran between the check and the add: this answer must not wait for a timeout
            }
        } else if (delayMillis > 0) {
            vertx.setTimer(delayMillis, ignored -> answer.run());
        } else {
            answer.run();
        }
    }

    private void reply(HttpServerRequest request, String url) {
        int failing = failingWith;
        if (failing != 0) {
            request.response().setStatusCode(failing).putHeader("Content-Type", "text/plain").end("down");
            return;
        }
        Scripted script = url == null ? null : scripted.get(url);
        if (script != null && script.times().getAndDecrement() > 0) {
            request.response().setStatusCode(script.status());
            if (script.retryAfter() != null) {
                request.response().putHeader("Retry-After", script.retryAfter());
            }
            request.response().putHeader("Content-Type", "text/plain").end("slow down");
            return;
        }
        if (request.path().equals("/uuid")) {
            request.response().putHeader("Content-Type", "application/json")
                    .end("{\"uuid\": \"" + UUID.randomUUID() + "\"}");
            return;
        }
        request.response().putHeader("Content-Type", "text/plain")
                .end(Fixtures.stubShortUrl(url));
    }
}
