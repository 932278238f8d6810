package dev.shortener.execution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.upstream.UpstreamClient;

/** One blocking call at a time, in input order: the seed's {@code for} loop. */
@Singleton
public class SyncModel extends BlockingModel {

    SyncModel(UpstreamClient upstream) {
        super(upstream);
    }

    @Override
    public ModelName name() {
        return ModelName.SYNC;
    }

    @Override
    public int limit() {
        return 1;
    }

    @Override
    ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sync-", 0).factory());
    }
}
