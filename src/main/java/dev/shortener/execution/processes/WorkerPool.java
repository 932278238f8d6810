package dev.shortener.execution.processes;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shortener.execution.ModelUnavailableException;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;

/**
 * A pool of worker processes shared by every batch of the {@code processes} model. Attempts wait in one queue (the
 * pipeline and the governor decide what is sent and in which order); idle workers take up to a chunk of them and get
 * more as they answer. A worker that dies has its unfinished attempts handed to another worker once; an attempt that
 * was in flight on two dead workers fails without an answer. A worker that stays silent longer than an attempt can
 * take is killed. One lock guards the state ({@link WorkerQueue}, {@link WorkerHandle}s); the futures are completed
 * outside it.
 */
final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final PoolSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<WorkerHandle> workers = new ArrayList<>();
    private final WorkerQueue queue;
    private final ScheduledExecutorService watchdog;
    private final Thread shutdownHook;
    private String lastStartFailure = "no worker was started yet";
    private boolean closed;

    WorkerPool(PoolSettings settings) {
        this.settings = settings;
        this.queue = new WorkerQueue(settings.queueDepth(), answerWithin());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("processes-watchdog").factory());
        long period = Math.max(50, settings.hangMargin().toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::killSilentWorkers, period, period, TimeUnit.MILLISECONDS);
        // Belt and braces: if the JVM exits without closing the pool, the workers still go (and their stdin closes).
        this.shutdownHook = new Thread(this::killAll, "processes-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the workers and waits until they are ready; blocks, so never on an event-loop thread. */
    void start() {
        underLock(finished -> {
            if (closed) {
                throw new ModelUnavailableException("the processes model is shutting down");
            }
            while (workers.size() < settings.workers() && spawn()) {
                // each spawn adds one worker, or says why it could not
            }
            awaitReadyWorkers();
            if (workers.stream().noneMatch(worker -> worker.ready)) {
                throw new ModelUnavailableException("no worker process could be started: " + lastStartFailure);
            }
        });
    }

    /** Queues attempt {@code number} of {@code call}; the future completes with its answer. */
    CompletableFuture<Attempt> submit(UpstreamCall call, int number) {
        WorkerTask task = new WorkerTask(call, number);
        underLock(finished -> {
            queue.add(task);
            dispatch(finished);
        });
        return task.done;
    }

    /** Takes back an attempt that nobody waits for any more, if no worker has it yet. */
    void withdraw(CompletableFuture<Attempt> attempt) {
        underLock(finished -> queue.withdraw(attempt));
    }

    /** PIDs of the live workers. */
    Set<Long> pids() {
        return locked(() -> workers.stream().map(WorkerHandle::pid).collect(Collectors.toUnmodifiableSet()));
    }

    /** PIDs of the workers that have begun a call and not answered it yet. */
    Set<Long> busyPids() {
        return locked(() -> workers.stream().filter(WorkerHandle::busy).map(WorkerHandle::pid)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** Closes every worker's stdin (they exit), waits a little, kills the rest and reaps them all. */
    @Override
    public void close() {
        List<WorkerHandle> stopping = locked(() -> {
            closed = true;
            return List.copyOf(workers);
        });
        stopping.forEach(WorkerHandle::closeStdin);
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        for (WorkerHandle worker : stopping) {
            worker.reap(Math.max(0, deadline - System.nanoTime()));
        }
        watchdog.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway; the workers are gone already
        }
    }

    private void killAll() {
        underLock(finished -> workers.forEach(worker -> worker.process.destroyForcibly()));
    }

    // ---- everything below runs with the lock held, unless it says otherwise ----

    private boolean spawn() {
        WorkerHandle worker;
        try {
            worker = WorkerHandle.spawn(settings.command(), settings.upstream().toJson(), settings.startTimeout());
        } catch (IOException e) {
            lastStartFailure = "cannot start worker process " + settings.command().getFirst() + ": " + e.getMessage();
            LOG.error(lastStartFailure);
            return false;
        }
        workers.add(worker);
        worker.listen(message -> underLock(finished -> onMessage(worker, message, finished)),
                code -> underLock(finished -> onExit(worker, code, finished)), settings.shutdownGrace());
        return true;
    }

    /** Waits until every started worker is ready (the model's limit holds from the first call), or gave up. */
    private void awaitReadyWorkers() {
        long deadline = System.nanoTime() + settings.startTimeout().plus(settings.shutdownGrace()).toNanos();
        while (workers.stream().anyMatch(worker -> !worker.ready)) {
            long left = deadline - System.nanoTime();
            if (workers.isEmpty() || left <= 0) {
                break;
            }
            try {
                changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelUnavailableException("interrupted while waiting for worker processes to start");
            }
        }
    }

    private void dispatch(List<WorkerTask> finished) {
        queue.handOut(workers);
        if (workers.isEmpty()) {
            // Nothing can run what is queued; its rows come back as errors instead of waiting forever.
            String reason = closed ? "the service shut down before this row was handled"
                    : "no worker process is running: " + lastStartFailure;
            WorkerTask task;
            while ((task = queue.poll()) != null) {
                fail(task, reason, finished);
            }
        }
    }

    private void onMessage(WorkerHandle worker, JsonNode message, List<WorkerTask> finished) {
        boolean wasReady = worker.ready;
        WorkerTask answered = worker.take(message, answerWithin());
        if (answered != null) {
            finished.add(answered);
        }
        if (worker.ready && !wasReady) {
            changed.signalAll();
        }
        dispatch(finished);
    }

    private void onExit(WorkerHandle worker, int code, List<WorkerTask> finished) {
        workers.remove(worker);
        changed.signalAll();
        String reason = worker.exitReason(code);
        if (!worker.ready) {
            lastStartFailure = "worker process " + worker.pid() + " exited (code " + code
                    + ") during start-up; its stderr is in the service log";
        } else if (!closed) {
            LOG.warnf("worker process %d ended (%s) with %d calls unanswered", worker.pid(), reason,
                    worker.assigned.size());
        }
        for (WorkerTask task : queue.putBack(worker, closed)) {
            fail(task, closed ? "the service shut down before this row was answered" : reason, finished);
        }
        if (worker.ready && !closed) {
            spawn(); // the replacement takes over once it is ready
        }
        dispatch(finished);
    }

    private void killSilentWorkers() {
        underLock(finished -> {
            long now = System.nanoTime();
            for (WorkerHandle worker : workers) {
                if (worker.killIfOverdue(now, settings.startTimeout()) && !worker.ready) {
                    lastStartFailure = worker.killReason;
                }
            }
        });
    }

    /**
     * Runs {@code action} with the lock held, then completes the attempts it finished without the lock: their
     * continuations run the next steps of the pipeline.
     */
    private void underLock(Consumer<List<WorkerTask>> action) {
        List<WorkerTask> finished = new ArrayList<>();
        lock.lock();
        try {
            action.accept(finished);
        } finally {
            lock.unlock();
        }
        finished.forEach(task -> task.done.complete(task.answer));
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** The time a worker has to answer once it holds a call. */
    private Duration answerWithin() {
        return settings.upstream().timeout().plus(settings.hangMargin());
    }

    private static void fail(WorkerTask task, String reason, List<WorkerTask> finished) {
        task.answer = Attempt.failedWithoutAnswer(reason, task.number);
        finished.add(task);
    }
}
