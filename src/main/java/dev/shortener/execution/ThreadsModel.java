package dev.shortener.execution;

import java.util.concurrent.Executors;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.UpstreamClient;

/**
 * Blocking calls on one fixed pool of {@code shortener.threads.workers} platform threads shared by every batch, like
 * Python's {@code ThreadPoolExecutor}. Batches beyond the pool's threads queue for them.
 */
@Singleton
public class ThreadsModel extends BlockingModel {

    // Threads start on demand (ThreadPoolExecutor), so an unused model costs nothing.
    ThreadsModel(UpstreamClient upstream, ShortenerConfig config) {
        super(ModelName.THREADS, config.threads()::workers, upstream, Executors.newFixedThreadPool(
                config.threads().workers(), Thread.ofPlatform().daemon().name("threads-", 0).factory()));
    }
}
