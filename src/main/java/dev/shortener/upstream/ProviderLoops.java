package dev.shortener.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

/**
 * One Vert.x event loop per provider: every attempt to a provider is sent from its loop, whatever thread asked for it.
 * The REST client's connection pool then holds connections of that loop only, and a call never crosses threads
 * between sending, the pool and the answer: Vert.x binds a connection to the loop that opened it and hands requests,
 * leases and answers of another loop over through task queues and wake-ups, which at 1000 calls in flight cost more
 * CPU than the rest of a call. A provider's calls therefore use one core (thousands of calls per second, far above
 * any provider's limits); different providers get loops in turn.
 */
final class ProviderLoops {

    private final VertxInternal vertx;
    private final Map<String, Executor> loops = new ConcurrentHashMap<>();

    ProviderLoops(Vertx vertx) {
        this.vertx = (VertxInternal) vertx;
    }

    /** Runs tasks on {@code provider}'s loop: at once when called on it, else queued there. */
    Executor forProvider(String provider) {
        return loops.computeIfAbsent(provider, id -> on(vertx.createEventLoopContext()));
    }

    private static Executor on(ContextInternal loop) {
        return task -> {
            if (loop.nettyEventLoop().inEventLoop()) {
                task.run();
            } else {
                loop.runOnContext(ignored -> task.run());
            }
        };
    }
}
