package dev.shortener.execution.processes;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One worker process and what it has been handed, in the order it will answer. */
final class WorkerHandle {
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

    long pid() {
        return process.pid();
    }

    void expectWithin(Duration within) {
        deadline = within == null ? 0 : System.nanoTime() + within.toNanos();
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
