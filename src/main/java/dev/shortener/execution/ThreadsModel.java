package dev.shortener.execution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.UpstreamClient;

/** A fixed pool of platform threads making blocking calls: the seed's {@code ThreadPoolExecutor}. */
@Singleton
public class ThreadsModel extends BlockingModel {

    private final ShortenerConfig config;

    ThreadsModel(UpstreamClient upstream, ShortenerConfig config) {
        super(upstream);
        this.config = config;
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
    ExecutorService newExecutor() {
        return Executors.newFixedThreadPool(limit(), Thread.ofPlatform().name("threads-", 0).factory());
    }
}
