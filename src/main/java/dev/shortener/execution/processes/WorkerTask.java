package dev.shortener.execution.processes;

import java.util.concurrent.CompletableFuture;

import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;

/** One attempt; {@code started} once a worker said it began it. */
final class WorkerTask {
    final UpstreamCall call;
    final int number;
    final CompletableFuture<Attempt> done = new CompletableFuture<>();
    Attempt answer;
    boolean started;
    int failedWorkers;

    WorkerTask(UpstreamCall call, int number) {
        this.call = call;
        this.number = number;
    }
}
