package dev.shortener.execution.processes;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.shortener.upstream.Attempt;

/** The attempts waiting for a worker and their hand-out to the least busy ones; the pool's lock guards it. */
final class WorkerQueue {

    private final Deque<WorkerTask> waiting = new ArrayDeque<>();
    private final int depth;
    private final Duration answerWithin;
    private long nextTaskId;

    /**
     * @param depth calls queued on one worker at most
     * @param answerWithin the time a worker that gets its first call has to speak
     */
    WorkerQueue(int depth, Duration answerWithin) {
        this.depth = depth;
        this.answerWithin = answerWithin;
    }

    void add(WorkerTask task) {
        waiting.addLast(task);
    }

    /**
     * Puts what {@code dead} left unanswered back at the head, in its order, ahead of newer tasks; the tasks that fail
     * instead are returned: those begun on a second dead worker, or all once the pool is {@code closing}.
     */
    List<WorkerTask> putBack(WorkerHandle dead, boolean closing) {
        List<WorkerTask> unanswered = new ArrayList<>(dead.assigned.values());
        dead.assigned.clear();
        List<WorkerTask> failed = new ArrayList<>();
        for (int i = unanswered.size() - 1; i >= 0; i--) {
            WorkerTask task = unanswered.get(i);
            if (task.started && ++task.failedWorkers >= 2 || closing) {
                failed.add(task);
            } else {
                waiting.addFirst(task);
            }
        }
        return failed;
    }

    void withdraw(CompletableFuture<Attempt> attempt) {
        waiting.removeIf(task -> task.done == attempt);
    }

    /** The oldest waiting task, or null. */
    WorkerTask poll() {
        return waiting.pollFirst();
    }

    /** Hands waiting tasks to {@code workers} while one has room, and sends each its lines. */
    void handOut(List<WorkerHandle> workers) {
        // Each attempt goes to the least busy worker, so that a second attempt never queues behind a first one
        // while another worker idles; a worker holds at most a chunk.
        Map<WorkerHandle, List<String>> lines = new LinkedHashMap<>();
        WorkerHandle worker;
        while (!waiting.isEmpty() && (worker = leastBusy(workers)) != null) {
            WorkerTask task = waiting.pollFirst();
            if (worker.assigned.isEmpty()) {
                worker.expectWithin(answerWithin);
            }
            long id = nextTaskId++;
            task.started = false;
            worker.assigned.put(id, task);
            lines.computeIfAbsent(worker, w -> new ArrayList<>()).add(WorkerProtocol.task(id, task.call, task.number));
        }
        lines.forEach(WorkerHandle::send);
    }

    private WorkerHandle leastBusy(List<WorkerHandle> workers) {
        WorkerHandle least = null;
        for (WorkerHandle worker : workers) {
            if (worker.ready && !worker.dying && worker.assigned.size() < depth
                    && (least == null || worker.assigned.size() < least.assigned.size())) {
                least = worker;
            }
        }
        return least;
    }
}
