package dev.shortener.execution.processes;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.BlockingUpstreamClient;
import dev.shortener.upstream.UpstreamSettings;

/**
 * The worker process of the {@code processes} model (started as {@code <service> worker}): reads its settings and
 * then tasks from stdin, makes one blocking attempt at a time with its own HTTP client, and answers on stdout. It exits
 * as soon as stdin closes, which also happens when the service dies: a worker never outlives the service.
 */
public final class Worker {

    private Worker() {
    }

    /** Runs until stdin closes; the exit code. */
    public static int run() {
        // stdout carries the protocol only: anything else that prints goes to stderr (the service's log).
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String settingsLine = in.readLine();
            if (settingsLine == null) {
                return 0;
            }
            BlockingUpstreamClient client = new BlockingUpstreamClient(settings(settingsLine));
            BlockingQueue<JsonNode> tasks = new LinkedBlockingQueue<>();
            Thread.ofPlatform().daemon().name("worker-stdin").start(() -> readTasks(in, tasks));
            protocol.println(WorkerProtocol.ready(ProcessHandle.current().pid()));
            protocol.flush();
            while (true) {
                JsonNode task = tasks.take();
                long id = task.path("id").asLong();
                Attempt answer = attempt(client, task, id, protocol);
                protocol.println(WorkerProtocol.answer(id, answer));
                protocol.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("worker " + ProcessHandle.current().pid() + " failed: " + e);
            return 1;
        }
    }

    /** The settings line carries credentials: a failure to read it never quotes it (stderr is the service's log). */
    private static UpstreamSettings settings(String line) {
        try {
            return UpstreamSettings.fromJson(WorkerProtocol.parse(line));
        } catch (RuntimeException unreadable) {
            throw new IllegalArgumentException("unreadable settings line (" + line.length() + " characters)");
        }
    }

    private static Attempt attempt(BlockingUpstreamClient client, JsonNode task, long id, PrintStream protocol)
            throws InterruptedException {
        int number = WorkerProtocol.number(task);
        protocol.println(WorkerProtocol.attempt(id, number, Duration.ZERO));
        protocol.flush();
        try {
            return client.attempt(WorkerProtocol.call(task), number);
        } catch (RuntimeException unexpected) {
            // The client recovers every upstream failure; this guard keeps a bug from losing the row.
            return Attempt.failedWithoutAnswer("internal error in worker process: " + unexpected, number);
        }
    }

    private static void readTasks(BufferedReader in, BlockingQueue<JsonNode> tasks) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                tasks.add(WorkerProtocol.parse(line));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("worker " + ProcessHandle.current().pid() + " cannot read stdin: " + e);
        }
        // stdin closed: the service closed the pool, or died. Either way this process must go, even mid-call.
        Runtime.getRuntime().halt(0);
    }
}
