package dev.shortener.execution.processes;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One worker process: its stdin, the thread that reads its stdout, what it has been handed (in the order it will
 * answer) and by when it must speak. The pool's lock guards the fields; stdin has its own.
 */
final class WorkerHandle {

    private static final Logger LOG = Logger.getLogger(WorkerHandle.class);

    final Process process;
    final BufferedWriter stdin;
    final Map<Long, WorkerTask> assigned = new LinkedHashMap<>();
    boolean ready;
    boolean dying;
    String killReason;
    /** System.nanoTime() by which the worker must say something; 0 when it owes nothing. */
    long deadline;

    WorkerHandle(Process process, long startDeadline) {
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.deadline = startDeadline;
    }

    /** Starts a worker (its stderr goes to the service's) and sends it {@code settingsLine}. */
    static WorkerHandle spawn(List<String> command, String settingsLine, Duration startTimeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        WorkerHandle worker = new WorkerHandle(process, System.nanoTime() + startTimeout.toNanos());
        worker.send(List.of(settingsLine));
        return worker;
    }

    long pid() {
        return process.pid();
    }

    void expectWithin(Duration within) {
        deadline = within == null ? 0 : System.nanoTime() + within.toNanos();
    }

    /** Kills it if it owes something and is past its deadline at {@code now} ({@code System.nanoTime()}). */
    boolean killIfOverdue(long now, Duration startTimeout) {
        if (dying || deadline == 0 || now - deadline <= 0) {
            return false;
        }
        kill(ready ? "worker process " + pid() + " did not answer in time and was killed"
                : "worker process " + pid() + " did not start within " + startTimeout.toMillis()
                        + " ms and was killed");
        return true;
    }

    /** Whether it has begun a call and not answered it yet. */
    boolean busy() {
        return assigned.values().stream().anyMatch(task -> task.started);
    }

    /**
     * Takes in one protocol line from the worker and moves its deadline: the ready line, an attempt that starts (which
     * may first wait {@code waitMillis}), or an answer; the answered task, its answer set, or null.
     */
    WorkerTask take(JsonNode message, Duration answerWithin) {
        if (WorkerProtocol.isReady(message)) {
            ready = true;
            expectWithin(null);
        } else if (WorkerProtocol.isAttempt(message)) {
            WorkerTask task = assigned.get(message.path("id").asLong());
            if (task != null) {
                task.started = true;
            }
            expectWithin(Duration.ofMillis(message.path("waitMillis").asLong()).plus(answerWithin));
        } else {
            WorkerTask task = assigned.remove(message.path("id").asLong());
            if (task != null) {
                task.answer = WorkerProtocol.answer(message);
            }
            expectWithin(assigned.isEmpty() ? null : answerWithin);
            return task;
        }
        return null;
    }

    /** Kills it; its unanswered calls carry {@code reason}. */
    void kill(String reason) {
        killReason = reason;
        LOG.warn(reason);
        dying = true;
        process.destroyForcibly();
    }

    /** Why its unanswered calls failed, once it exited with {@code code}. */
    String exitReason(int code) {
        return killReason != null ? killReason : "worker process exited (code " + code + ") before answering";
    }

    synchronized void send(List<String> lines) {
        if (lines.isEmpty() || dying) {
            return;
        }
        try {
            for (String line : lines) {
                stdin.write(line);
                stdin.newLine();
            }
            stdin.flush();
        } catch (IOException e) {
            // The process is going; its reader sees the end of stdout and hands the calls on.
            dying = true;
            process.destroyForcibly();
        }
    }

    synchronized void closeStdin() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed by a dead process
        }
    }

    /**
     * Reads stdout on a thread of its own: {@code onMessage} gets every protocol line; when stdout closes, stdin is
     * closed, the process reaped (killed after {@code grace}) and {@code onExit} gets its exit code.
     */
    void listen(Consumer<JsonNode> onMessage, IntConsumer onExit, Duration grace) {
        Thread.ofPlatform().daemon().name("processes-worker-" + pid()).start(() -> {
            read(onMessage);
            closeStdin();
            onExit.accept(reap(grace.toNanos()));
        });
    }

    private void read(Consumer<JsonNode> onMessage) {
        try (BufferedReader answers = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = answers.readLine()) != null) {
                JsonNode message;
                try {
                    message = WorkerProtocol.parse(line);
                } catch (RuntimeException garbage) {
                    LOG.warnf("worker process %d wrote a line that is not protocol: %s", pid(), line);
                    continue;
                }
                onMessage.accept(message);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("reading worker process %d failed: %s", pid(), e);
        }
    }

    /** Waits for the exit (killing after {@code graceNanos}) so that no zombie is left; the exit code. */
    int reap(long graceNanos) {
        try {
            if (!process.waitFor(graceNanos, TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }
}
