package dev.shortener.execution.processes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shortener.execution.ModelUnavailableException;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamSettings;

// Over 250 lines: queue, workers, hand-over from dead workers and the hang watchdog share one lock and one state.
/**
 * A pool of worker processes shared by every batch of the {@code processes} model. Attempts wait in one queue (the
 * pipeline and the governor decide what is sent and in which order); idle workers take up to a chunk of them and get
 * more as they answer. A worker that dies has its unfinished attempts handed to another worker once; an attempt that
 * was in flight on two dead workers fails without an answer. A worker that stays silent longer than an attempt can
 * take is killed. One lock guards the state; the futures are completed outside it.
 */
final class WorkerPool implements AutoCloseable {

    /**
     * How the pool runs.
     *
     * @param workers worker processes
     * @param command the worker command line
     * @param upstream what the workers call, sent as their first stdin line
     * @param queueDepth calls queued on one worker at most
     * @param hangMargin added to an attempt's longest time before a silent worker is killed
     * @param startTimeout time from spawn to the ready line
     * @param shutdownGrace time workers get to exit when the pool closes
     */
    record Settings(int workers, List<String> command, UpstreamSettings upstream, int queueDepth, Duration hangMargin,
            Duration startTimeout, Duration shutdownGrace) {
    }

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<WorkerHandle> workers = new ArrayList<>();
    private final Deque<WorkerTask> queue = new ArrayDeque<>();
    private final ScheduledExecutorService watchdog;
    private final Thread shutdownHook;
    private long nextTaskId;
    private String lastStartFailure = "no worker was started yet";
    private boolean closed;

    WorkerPool(Settings settings) {
        this.settings = settings;
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
            startMissingWorkers();
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
            queue.addLast(task);
            dispatch(finished);
        });
        return task.done;
    }

    /** Takes back an attempt that nobody waits for any more, if no worker has it yet. */
    void withdraw(CompletableFuture<Attempt> attempt) {
        lock.lock();
        try {
            queue.removeIf(task -> task.done == attempt);
        } finally {
            lock.unlock();
        }
    }

    /** PIDs of the live workers. */
    Set<Long> pids() {
        lock.lock();
        try {
            return workers.stream().map(WorkerHandle::pid).collect(Collectors.toUnmodifiableSet());
        } finally {
            lock.unlock();
        }
    }

    /** PIDs of the workers that have begun a call and not answered it yet. */
    Set<Long> busyPids() {
        lock.lock();
        try {
            return workers.stream().filter(worker -> worker.assigned.values().stream().anyMatch(task -> task.started))
                    .map(WorkerHandle::pid).collect(Collectors.toUnmodifiableSet());
        } finally {
            lock.unlock();
        }
    }

    /** Closes every worker's stdin (they exit), waits a little, kills the rest and reaps them all. */
    @Override
    public void close() {
        List<WorkerHandle> stopping;
        lock.lock();
        try {
            closed = true;
            stopping = List.copyOf(workers);
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            workers.forEach(worker -> worker.process.destroyForcibly());
        } finally {
            lock.unlock();
        }
    }

    // ---- everything below runs with the lock held, unless it says otherwise ----

    private void startMissingWorkers() {
        while (!closed && workers.size() < settings.workers()) {
            if (!spawn()) {
                return;
            }
        }
    }

    private boolean spawn() {
        Process process;
        try {
            process = new ProcessBuilder(settings.command())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            lastStartFailure = "cannot start worker process " + settings.command().getFirst() + ": " + e.getMessage();
            LOG.error(lastStartFailure);
            return false;
        }
        WorkerHandle worker = new WorkerHandle(process, System.nanoTime() + settings.startTimeout().toNanos());
        workers.add(worker);
        worker.send(List.of(settings.upstream().toJson()));
        Thread.ofPlatform().daemon().name("processes-worker-" + worker.pid()).start(() -> readAnswers(worker));
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
        // Each attempt goes to the least busy worker, so that a second attempt never queues behind a first one
        // while another worker idles; a worker holds at most a chunk.
        Map<WorkerHandle, List<String>> lines = new LinkedHashMap<>();
        WorkerHandle worker;
        while (!queue.isEmpty() && (worker = leastBusy()) != null) {
            WorkerTask task = queue.pollFirst();
            if (worker.assigned.isEmpty()) {
                worker.expectWithin(settings.upstream().timeout().plus(settings.hangMargin()));
            }
            long id = nextTaskId++;
            task.started = false;
            worker.assigned.put(id, task);
            lines.computeIfAbsent(worker, w -> new ArrayList<>()).add(WorkerProtocol.task(id, task.call, task.number));
        }
        lines.forEach(WorkerHandle::send);
        if (workers.isEmpty()) {
            // Nothing can run what is queued; its rows come back as errors instead of waiting forever.
            String reason = closed ? "the service shut down before this row was handled"
                    : "no worker process is running: " + lastStartFailure;
            WorkerTask task;
            while ((task = queue.pollFirst()) != null) {
                finish(task, failure(reason, task), finished);
            }
        }
    }

    private WorkerHandle leastBusy() {
        WorkerHandle least = null;
        for (WorkerHandle worker : workers) {
            if (worker.ready && !worker.dying && worker.assigned.size() < settings.queueDepth()
                    && (least == null || worker.assigned.size() < least.assigned.size())) {
                least = worker;
            }
        }
        return least;
    }

    private void requeue(WorkerTask task) {
        queue.addFirst(task);
    }

    private void finish(WorkerTask task, Attempt answer, List<WorkerTask> finished) {
        task.answer = answer;
        finished.add(task);
    }

    private void onMessage(WorkerHandle worker, JsonNode message, List<WorkerTask> finished) {
        if (WorkerProtocol.isReady(message)) {
            worker.ready = true;
            worker.expectWithin(null);
            changed.signalAll();
        } else if (WorkerProtocol.isAttempt(message)) {
            WorkerTask task = worker.assigned.get(message.path("id").asLong());
            if (task != null) {
                task.started = true;
            }
            worker.expectWithin(Duration.ofMillis(message.path("waitMillis").asLong())
                    .plus(settings.upstream().timeout()).plus(settings.hangMargin()));
        } else {
            WorkerTask task = worker.assigned.remove(message.path("id").asLong());
            if (task != null) {
                finish(task, WorkerProtocol.answer(message), finished);
            }
            worker.expectWithin(worker.assigned.isEmpty() ? null
                    : settings.upstream().timeout().plus(settings.hangMargin()));
        }
        dispatch(finished);
    }

    private void onExit(WorkerHandle worker, int code, List<WorkerTask> finished) {
        workers.remove(worker);
        changed.signalAll();
        String reason = worker.killReason != null ? worker.killReason
                : "worker process exited (code " + code + ") before answering";
        if (!worker.ready) {
            lastStartFailure = "worker process " + worker.pid() + " exited (code " + code
                    + ") during start-up; its stderr is in the service log";
        } else if (!closed) {
            LOG.warnf("worker process %d ended (%s) with %d calls unanswered", worker.pid(), reason,
                    worker.assigned.size());
        }
        List<WorkerTask> unanswered = new ArrayList<>(worker.assigned.values());
        worker.assigned.clear();
        for (int i = unanswered.size() - 1; i >= 0; i--) {
            WorkerTask task = unanswered.get(i);
            if (task.started && ++task.failedWorkers >= 2 || closed) {
                finish(task, failure(closed ? "the service shut down before this row was answered" : reason, task),
                        finished);
            } else {
                requeue(task);
            }
        }
        if (worker.ready && !closed) {
            spawn(); // the replacement takes over once it is ready
        }
        dispatch(finished);
    }

    private void killSilentWorkers() {
        lock.lock();
        try {
            long now = System.nanoTime();
            for (WorkerHandle worker : workers) {
                if (!worker.dying && worker.deadline != 0 && now - worker.deadline > 0) {
                    worker.killReason = worker.ready
                            ? "worker process " + worker.pid() + " did not answer in time and was killed"
                            : "worker process " + worker.pid() + " did not start within "
                                    + settings.startTimeout().toMillis() + " ms and was killed";
                    if (!worker.ready) {
                        lastStartFailure = worker.killReason;
                    }
                    LOG.warn(worker.killReason);
                    worker.dying = true;
                    worker.process.destroyForcibly();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Reads one worker's stdout until it closes, then reaps the process; runs on the worker's own thread. */
    private void readAnswers(WorkerHandle worker) {
        try (BufferedReader answers = new BufferedReader(
                new InputStreamReader(worker.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = answers.readLine()) != null) {
                JsonNode message;
                try {
                    message = WorkerProtocol.parse(line);
                } catch (RuntimeException garbage) {
                    LOG.warnf("worker process %d wrote a line that is not protocol: %s", worker.pid(), line);
                    continue;
                }
                underLock(finished -> onMessage(worker, message, finished));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("reading worker process %d failed: %s", worker.pid(), e);
        }
        worker.closeStdin();
        int code = worker.reap(settings.shutdownGrace().toNanos());
        underLock(finished -> onExit(worker, code, finished));
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

    private static Attempt failure(String reason, WorkerTask task) {
        return Attempt.failedWithoutAnswer(reason, task.number);
    }
}
