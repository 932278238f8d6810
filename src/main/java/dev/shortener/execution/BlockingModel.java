package dev.shortener.execution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

import jakarta.annotation.PreDestroy;

import dev.shortener.config.ModelName;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamClient;
import io.smallrye.mutiny.Uni;

/** A model whose attempt blocks a thread of its own executor until the upstream answers; it ends with the service. */
abstract class BlockingModel extends AbstractExecutionModel {

    private final UpstreamClient upstream;
    private final ExecutorService threads;

    BlockingModel(ModelName name, IntSupplier limit, UpstreamClient upstream, ExecutorService threads) {
        super(name, limit);
        this.upstream = upstream;
        this.threads = threads;
    }

    /** A new virtual thread per attempt, named {@code prefix} and a number. */
    static ExecutorService virtualThreads(String prefix) {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 0).factory());
    }

    @Override
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        return BlockingAttempts.on(threads, () -> upstream.attempt(call, number).await().indefinitely());
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
