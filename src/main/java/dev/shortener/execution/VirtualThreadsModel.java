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

/** One virtual thread per attempt, blocking until the upstream answers. */
@Singleton
public class VirtualThreadsModel implements ExecutionModel {

    private final UpstreamClient upstream;
    private final ShortenerConfig config;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("vthread-", 0).factory());

    VirtualThreadsModel(UpstreamClient upstream, ShortenerConfig config) {
        this.upstream = upstream;
        this.config = config;
    }

    @Override
    public ModelName name() {
        return ModelName.VIRTUAL_THREADS;
    }

    @Override
    public int limit() {
        return config.virtualThreads().concurrency();
    }

    @Override
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        return BlockingAttempts.on(threads, upstream, call, number);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
