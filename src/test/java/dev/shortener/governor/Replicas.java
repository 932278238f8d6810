package dev.shortener.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;

/**
 * Packaged replicas (prod profile, child processes) on one fresh PostgreSQL database, as {@code ShutdownReleaseIT}
 * starts them: random ports, settings by {@code -D}. Closing kills every replica and drops the database.
 */
final class Replicas implements AutoCloseable {

    static final String SERVER = System.getProperty("test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
    static final String USER = System.getProperty("test.postgres.user", "postgres");
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration START = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    final String database = "tinyurl_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private final List<Replica> started = new ArrayList<>();

    Replicas() throws SQLException {
        admin("CREATE DATABASE " + database);
    }

    /** Starts {@code names} at once with {@code settings} (the datasource added) and waits until each listens. */
    List<Replica> start(Map<String, String> settings, String... names) throws IOException {
        List<Replica> replicas = new ArrayList<>();
        for (String name : names) {
            replicas.add(launch(name, settings));
        }
        for (Replica replica : replicas) {
            replica.awaitListening();
        }
        return replicas;
    }

    private Replica launch(String name, Map<String, String> settings) throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase, before failsafe runs");
        // Both ports chosen here (the metrics of two servers on random ports differ in their tags).
        int port = freePort();
        int management = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management,
                "-Dquarkus.datasource.jdbc.url=" + SERVER + database, "-Dquarkus.datasource.username=" + USER));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Path log = Path.of("target", "cluster-" + name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Replica replica = new Replica(name, process, log, management, HttpClient.newHttpClient());
        started.add(replica);
        return replica;
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Replica replica : started) {
            replica.process().destroyForcibly().waitFor();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    /** One started replica. */
    static final class Replica {
        private final String name;
        private final Process process;
        private final Path log;
        private final int management;
        private final HttpClient http;
        private URI base;

        Replica(String name, Process process, Path log, int management, HttpClient http) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.management = management;
            this.http = http;
        }

        Process process() {
            return process;
        }

        void awaitListening() {
            Matcher listening = Awaitility.await(name + " to start (log: " + log + ")").atMost(START)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        assertTrue(process.isAlive(), name + " exited at start-up: " + Files.readString(log));
                        return LISTENING.matcher(Files.readString(log));
                    }, Matcher::find);
            base = URI.create("http://127.0.0.1:" + listening.group(1));
        }

        /** A job of {@code urls}; answers its id. */
        String postJob(List<String> urls) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(post("/jobs", urls), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
            return JsonPath.from(response.body()).getString("id");
        }

        /** A {@code /shorten} batch running in the background; completes with its CSV answer. */
        CompletableFuture<String> shorten(List<String> urls) {
            return http.sendAsync(post("/shorten", urls), HttpResponse.BodyHandlers.ofString())
                    .thenApply(HttpResponse::body);
        }

        String log() throws IOException {
            return Files.readString(log);
        }

        String get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        /** The value of one meter line of {@code /q/metrics}, e.g. {@code shortener_governor_share{provider="x"}}. */
        double metric(String line) throws IOException, InterruptedException {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                    + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(l -> l.startsWith(line + " ")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(line.length() + 1).trim())).orElse(Double.NaN);
        }

        private HttpRequest post(String path, List<String> urls) {
            return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", urls) + "\n")).build();
        }
    }
}
