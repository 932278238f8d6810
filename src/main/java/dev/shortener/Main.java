package dev.shortener;

import dev.shortener.execution.processes.Worker;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the jar and of the native executable. {@code worker} as first argument runs a worker process of the
 * {@code processes} model instead of the service: no Quarkus boot, no HTTP server.
 */
@QuarkusMain
public class Main {

    /** The argument that selects the worker. */
    public static final String WORKER = "worker";

    public static void main(String... args) {
        if (args.length > 0 && WORKER.equals(args[0])) {
            System.exit(Worker.run());
        }
        Quarkus.run(args);
    }
}
