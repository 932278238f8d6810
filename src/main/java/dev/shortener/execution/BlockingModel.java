package dev.shortener.execution;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamClient;
import io.smallrye.mutiny.Uni;

/**
 * The thread-based models: each call blocks its thread until the upstream answers. Subclasses choose only the
 * threads (one, a fixed pool, or virtual threads) and the limit; dispatch, bounding and error handling are shared.
 */
abstract class BlockingModel implements ExecutionModel {

    private final UpstreamClient upstream;

    BlockingModel(UpstreamClient upstream) {
        this.upstream = upstream;
    }

    /** A fresh executor for one run; closed (and its threads ended) when the run completes. */
    abstract ExecutorService newExecutor();

    @Override
    public Uni<Void> run(List<UpstreamCall> calls, OutcomeSink sink) {
        // The dispatcher blocks on the permits, so it gets a thread of its own and never an event-loop thread.
        return Uni.createFrom().completionStage(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread.ofVirtual().name("dispatch-" + name().id()).start(() -> {
                try {
                    dispatch(calls, sink);
                    done.complete(null);
                } catch (Throwable unexpected) {
                    done.completeExceptionally(unexpected);
                }
            });
            return done;
        });
    }

    private void dispatch(List<UpstreamCall> calls, OutcomeSink sink) {
        Semaphore permits = new Semaphore(limit());
        try (ExecutorService executor = newExecutor()) {
            for (int i = 0; i < calls.size(); i++) {
                permits.acquireUninterruptibly();
                int index = i;
                executor.execute(() -> {
                    try {
                        sink.accept(index, callBlocking(calls.get(index)));
                    } finally {
                        permits.release();
                    }
                });
            }
        } // close() waits for every submitted call
    }

    private CallOutcome callBlocking(UpstreamCall call) {
        long start = System.nanoTime();
        try {
            return upstream.call(call).await().indefinitely();
        } catch (RuntimeException unexpected) {
            // UpstreamClient recovers every upstream failure; this is a bug guard so that no row is ever lost.
            return new CallOutcome(null, "internal error: " + unexpected, 1, System.nanoTime() - start,
                    ProcessHandle.current().pid(), 0);
        }
    }
}
