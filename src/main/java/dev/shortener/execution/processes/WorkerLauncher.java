package dev.shortener.execution.processes;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.Main;
import dev.shortener.execution.ModelUnavailableException;
import io.quarkus.runtime.ImageMode;

/**
 * The command line of a worker: the artifact the service runs from, with {@link Main#WORKER} as argument. Native: the
 * same executable. Packaged jar: {@code java <jvm-options> -jar quarkus-run.jar worker}. Tests and dev mode: the same
 * class path with {@link Main} as main class. Never a secret on it: settings go over stdin.
 */
final class WorkerLauncher {

    private WorkerLauncher() {
    }

    static List<String> command(String jvmOptions) {
        if (ImageMode.current() == ImageMode.NATIVE_RUN) {
            return List.of(ProcessHandle.current().info().command()
                    .orElseThrow(() -> new ModelUnavailableException("the processes model cannot start workers: "
                            + "the path of this native executable is unknown")),
                    Main.WORKER);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Arrays.stream(jvmOptions.trim().split("\\s+")).filter(option -> !option.isEmpty()).forEach(command::add);
        String classPath = System.getProperty("java.class.path", "");
        String runJar = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith("quarkus-run.jar")).findFirst().orElse(null);
        if (runJar != null) {
            command.addAll(List.of("-jar", Path.of(runJar).toAbsolutePath().toString(), Main.WORKER));
        } else {
            command.addAll(List.of("-cp", workerClassPath(classPath), Main.class.getName(), Main.WORKER));
        }
        return command;
    }

    /**
     * The JVM's class path plus where the worker's own classes come from: under {@code quarkus:dev} the application
     * classes are loaded by Quarkus, not from {@code java.class.path}.
     */
    private static String workerClassPath(String classPath) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> needed : List.of(Main.class, ObjectMapper.class, JsonFactory.class, JsonAutoDetect.class)) {
            location(needed).ifPresent(entries::add);
        }
        Arrays.stream(classPath.split(File.pathSeparator)).filter(entry -> !entry.isEmpty()).forEach(entries::add);
        return String.join(File.pathSeparator, entries);
    }

    private static Optional<String> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
