package dev.shortener.execution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamClient;
import io.smallrye.mutiny.Uni;

/**
 * Blocking calls on one fixed pool of {@code shortener.threads.workers} platform threads shared by every batch, like
 * Python's {@code ThreadPoolExecutor}. Batches beyond the pool's threads queue for them.
 */
@Singleton
public class ThreadsModel implements ExecutionModel {

    private final UpstreamClient upstream;
    private final ShortenerConfig config;
    private final ExecutorService pool;

    ThreadsModel(UpstreamClient upstream, ShortenerConfig config) {
        this.upstream = upstream;
        this.config = config;
        // Threads start on demand (ThreadPoolExecutor), so an unused model costs nothing.
        this.pool = Executors.newFixedThreadPool(config.threads().workers(),
                Thread.ofPlatform().daemon().name("threads-", 0).factory());
    }

    @Override
    public ModelName name() {
        return ModelName.THREADS;
    }

    @Override
    public int limit() {
        return config.threads().workers();
    }

    @Override
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        return BlockingAttempts.on(pool, upstream, call, number);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
