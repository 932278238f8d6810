package dev.shortener.upstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One Vert.x event loop per provider: every attempt to a provider is sent from its loop, whatever thread asked for it.
 * The provider's connection pool then holds connections of that loop only, and a call never crosses threads between
 * sending, the pool and the answer: Vert.x binds a connection to the loop that opened it and hands requests, leases
 * and answers of another loop over through task queues and wake-ups, which at 1000 calls in flight cost more CPU than
 * the rest of a call. A provider's calls therefore use one core (thousands of calls per second, far above any
 * provider's limits); different providers get loops in turn.
 */
final class ProviderLoops {

    private final Vertx vertx;
    private final Map<String, Executor> loops = new ConcurrentHashMap<>();

    ProviderLoops(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs tasks on {@code provider}'s loop: at once when called on it, else queued there. */
    Executor forProvider(String provider) {
        return loops.computeIfAbsent(provider, id -> on(newEventLoopContext()));
    }

    /**
     * A context on the next event loop in turn: Vert.x gives a thread outside Vert.x a new event-loop context of its
     * own, so a short-lived thread asks for one (the public API has no other way to pick a loop).
     */
    private Context newEventLoopContext() {
        CompletableFuture<Context> created = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("provider-loop-picker").start(() -> created.complete(vertx.getOrCreateContext()));
        return created.join();
    }

    private static Executor on(Context loop) {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        loop.runOnContext(ignored -> thread.complete(Thread.currentThread()));
        return new Executor() {
            // An event-loop context runs on one thread; until it is known, every task is queued on the context.
            private volatile Thread own;

            @Override
            public void execute(Runnable task) {
                Thread known = own != null ? own : (own = thread.getNow(null));
                if (known == Thread.currentThread()) {
                    task.run();
                } else {
                    loop.runOnContext(ignored -> task.run());
                }
            }
        };
    }
}
