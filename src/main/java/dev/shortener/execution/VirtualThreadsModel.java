package dev.shortener.execution;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.upstream.UpstreamClient;

/** One virtual thread per attempt, blocking until the upstream answers. */
@Singleton
public class VirtualThreadsModel extends BlockingModel {

    VirtualThreadsModel(UpstreamClient upstream, ShortenerConfig config) {
        super(ModelName.VIRTUAL_THREADS, config.virtualThreads()::concurrency, upstream, virtualThreads("vthread-"));
    }
}
