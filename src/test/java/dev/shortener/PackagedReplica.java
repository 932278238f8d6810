package dev.shortener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;

/**
 * The packaged service started as a child process (prod profile) on free ports, its output in target/: a replica for
 * integration tests that stop, kill or restart it.
 */
public record PackagedReplica(Process process, Path logFile, URI base, HttpClient http) {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    /** Starts a replica named {@code name} with {@code settings} as system properties; adds it to {@code started}. */
    public static PackagedReplica start(String name, Map<String, String> settings, List<Process> started,
            Duration deadline) throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase, before failsafe runs");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-Dquarkus.http.port=0", "-Dquarkus.management.port=0"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Path logFile = Path.of("target", name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        started.add(process);
        Matcher listening = Awaitility.await(name + " to start (log: " + logFile + ")").atMost(deadline)
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    assertTrue(process.isAlive(), name + " exited at start-up: " + Files.readString(logFile));
                    return LISTENING.matcher(Files.readString(logFile));
                }, Matcher::find);
        return new PackagedReplica(process, logFile, URI.create("http://127.0.0.1:" + listening.group(1)),
                HttpClient.newHttpClient());
    }

    /** POSTs a text/plain body and checks the status; answers the body. */
    public String post(String path, String body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return response.body();
    }

    /** GETs {@code path}, expecting a 200; answers the body. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** Polls the job's status until {@code until} holds, for at most {@code left}. */
    public JsonPath awaitStatus(String id, Duration left, String what, Predicate<JsonPath> until) {
        return Awaitility.await("job " + id + " " + what).atMost(left)
                .pollInterval(Duration.ofMillis(50)).until(() -> JsonPath.from(get("/jobs/" + id)), until::test);
    }

    /** What it has written to its output so far. */
    public String log() throws IOException {
        return Files.readString(logFile);
    }
}
