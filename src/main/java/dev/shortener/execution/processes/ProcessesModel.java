package dev.shortener.execution.processes;

import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.execution.AbstractExecutionModel;
import dev.shortener.execution.ModelUnavailableException;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamSettings;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Attempts made by separate operating-system processes, each with its own HTTP client and one blocking attempt at a
 * time, like Python's {@code multiprocessing.Pool().starmap(...)}. The pool starts with the first call and serves every
 * batch after it; it closes (and its workers exit) with the service.
 */
@Singleton
public class ProcessesModel extends AbstractExecutionModel {

    private final ShortenerConfig config;
    private final Config raw;
    private WorkerPool pool;
    private volatile WorkerPool started;
    private boolean stopped;

    ProcessesModel(ShortenerConfig config, Config raw) {
        super(ModelName.PROCESSES,
                () -> config.processes().workers().orElse(Runtime.getRuntime().availableProcessors()));
        this.config = config;
        this.raw = raw;
    }

    @Override
    public Uni<Attempt> attempt(UpstreamCall call, int number) {
        WorkerPool ready = started;
        if (ready != null) {
            return submit(ready, call, number);
        }
        // Starting workers blocks (spawn, then wait for their ready line): never on an event-loop thread.
        return Uni.createFrom().item(this::pool)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(pool -> submit(pool, call, number));
    }

    private static Uni<Attempt> submit(WorkerPool pool, UpstreamCall call, int number) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Attempt> answer = pool.submit(call, number);
            return Uni.createFrom().completionStage(answer)
                    .onCancellation().invoke(() -> pool.withdraw(answer));
        });
    }

    /** The pool, started on first use. */
    synchronized WorkerPool pool() {
        if (stopped) {
            throw new ModelUnavailableException("the service is shutting down");
        }
        if (pool == null) {
            ShortenerConfig.Processes processes = config.processes();
            UpstreamSettings settings;
            try {
                settings = UpstreamSettings.of(config, raw);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // A setting the workers need is missing: our configuration, not the client's request (503, not 500).
                throw new ModelUnavailableException("the processes model cannot start workers: " + e.getMessage());
            }
            WorkerPool starting = new WorkerPool(new PoolSettings(limit(),
                    WorkerLauncher.command(processes.jvmOptions()), settings,
                    processes.queueDepth(), processes.hangMargin(), processes.startTimeout(),
                    processes.shutdownGrace()));
            try {
                starting.start();
            } catch (RuntimeException e) {
                starting.close();
                throw e;
            }
            pool = starting;
            started = starting;
        }
        return pool;
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        closePool();
    }

    /** Ends every worker; the next batch starts a new pool. */
    synchronized void closePool() {
        if (pool != null) {
            started = null;
            pool.close();
            pool = null;
        }
    }
}
