package dev.shortener.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Each provider's attempts leave from one event loop: queued there from other threads, run at once on it. */
class ProviderLoopsTest {

    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    final ProviderLoops loops = new ProviderLoops(vertx);

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static Thread runOn(Executor executor) throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        executor.execute(() -> ran.complete(Thread.currentThread()));
        return ran.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aProviderKeepsItsLoopAndProvidersTakeLoopsInTurn() throws Exception {
        assertSame(loops.forProvider("httpbin"), loops.forProvider("httpbin"));
        Thread httpbin = runOn(loops.forProvider("httpbin"));
        assertTrue(httpbin.getName().contains("eventloop"), httpbin.getName());
        assertSame(httpbin, runOn(loops.forProvider("httpbin")));
        assertNotEquals(httpbin, runOn(loops.forProvider("tinyurl-legacy")), "two providers, two loops");
    }

    @Test
    void onItsLoopATaskRunsAtOnceInOrder() throws Exception {
        Executor loop = loops.forProvider("httpbin");
        CompletableFuture<List<String>> order = new CompletableFuture<>();
        loop.execute(() -> {
            List<String> seen = new ArrayList<>();
            loop.execute(() -> seen.add("inner")); // same loop: no hop, runs before the next line
            seen.add("after");
            order.complete(seen);
        });
        assertEquals(List.of("inner", "after"), order.get(10, TimeUnit.SECONDS));
    }
}
