package dev.shortener.execution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.UpstreamClient;

/** One virtual thread per call, blocking, bounded by the configured concurrency. */
@Singleton
public class VirtualThreadsModel extends BlockingModel {

    private final ShortenerConfig config;

    VirtualThreadsModel(UpstreamClient upstream, ShortenerConfig config) {
        super(upstream);
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
    ExecutorService newExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vthread-", 0).factory());
    }
}
