package dev.shortener.execution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamClient;
import io.smallrye.mutiny.Uni;

/** One blocking call at a time per batch, in input order: a plain {@code for} loop. */
@Singleton
public class SyncModel implements ExecutionModel {

    private final UpstreamClient upstream;
    // The call blocks a thread; a virtual one costs nothing while it waits, and batches never queue behind each other.
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sync-", 0).factory());

    SyncModel(UpstreamClient upstream) {
        this.upstream = upstream;
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
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        return BlockingAttempts.on(threads, upstream, call, number);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
