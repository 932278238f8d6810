package dev.shortener.jobs;

import static dev.shortener.Fixtures.stubShortUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackUpstream;
import dev.shortener.PackagedReplica;
import dev.shortener.PostgresDatabaseResource;
import io.restassured.path.json.JsonPath;

/**
 * SIGTERM to a replica whose calls are in flight: it exits within its grace, releases its chunks, none is lost; on the
 * embedded store too, which stays open until the runner has given its chunks back.
 */
class ShutdownReleaseIT {

    private static final int ROWS = 1000;
    /** The job's limit on a replica: the calls held at the upstream when the signal comes. */
    private static final int LIMIT = 50;
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Start-up of a JVM and the rest of Quarkus' shutdown, on a loaded two-core machine. */
    private static final Duration MARGIN = Duration.ofSeconds(15);
    /**
     * Far beyond the test's deadlines: a chunk left leased (not released) would only come back after it, so the second
     * replica finishing in time shows that the chunks were released.
     */
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    @Test
    void sigtermReleasesTheChunksInFlightAndAnotherReplicaFinishesTheJob() throws Exception {
        LoopbackUpstream upstream = new LoopbackUpstream();
        String upstreamUrl = upstream.start().get("quarkus.rest-client.tinyurl-legacy.url");
        String database = PostgresDatabaseResource.create("tinyurl_sigterm_");
        List<Process> started = new ArrayList<>();
        try {
            Map<String, String> settings = Map.ofEntries(
                    Map.entry("quarkus.datasource.jdbc.url", PostgresDatabaseResource.url(database)),
                    Map.entry("quarkus.datasource.username", PostgresDatabaseResource.user()),
                    Map.entry("quarkus.rest-client.tinyurl-legacy.url", upstreamUrl),
                    Map.entry("shortener.model", "async"),
                    Map.entry("shortener.async.concurrency", String.valueOf(LIMIT)),
                    Map.entry("shortener.jobs.chunk-size", "100"),
                    Map.entry("shortener.jobs.lease", LEASE.toSeconds() + "s"),
                    Map.entry("shortener.jobs.shutdown-grace", GRACE.toSeconds() + "s"),
                    Map.entry("quarkus.shutdown.timeout", "5s"),
                    // Held calls must not time out (a timed-out row would be done, with an error); one attempt per
                    // call, so that the upstream's counts are the calls the replicas made.
                    Map.entry("shortener.upstream-timeout", "60s"),
                    Map.entry("shortener.retry.max-attempts", "1"));
            List<String> urls = IntStream.range(0, ROWS)
                    .mapToObj(i -> "https://example.com/sigterm/" + database + "/" + i).toList();

            upstream.holdAnswers();
            PackagedReplica a = PackagedReplica.start("replica-a", settings, started, DEADLINE);
            String id = JsonPath.from(a.post("/jobs", String.join("\n", urls) + "\n", 202)).getString("id");
            LoopbackUpstream.await(LIMIT + " calls held at the upstream", DEADLINE,
                    () -> upstream.received() >= LIMIT);
            int inFlight = upstream.received() - upstream.answered();
            assertEquals(LIMIT, inFlight, "calls in flight: the job's limit, all held");

            long signalled = System.nanoTime();
            a.process().destroy(); // SIGTERM
            boolean exited = a.process().waitFor(GRACE.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            Duration exit = Duration.ofNanos(System.nanoTime() - signalled);
            assertTrue(exited, "replica A still running " + exit + " after SIGTERM; log: " + a.log());
            assertTrue(exit.compareTo(GRACE) >= 0, "A gave its running chunks their grace first: exited after " + exit);

            // What A left in the database: every chunk free to claim at once, the rows of its held calls marked sent.
            try (Connection c = DriverManager.getConnection(PostgresDatabaseResource.url(database),
                    PostgresDatabaseResource.user(), "")) {
                for (String chunk : rows(c, "SELECT chunk || ' ' || state || ' ' || COALESCE(lease_owner, '-') "
                        + "FROM job_chunks WHERE job_id = ? ORDER BY chunk", id)) {
                    assertTrue(chunk.endsWith(" pending -"), "chunk (number, state, lease owner): " + chunk);
                }
                assertEquals(List.of(String.valueOf(inFlight)),
                        rows(c, "SELECT COUNT(*) FROM job_rows WHERE job_id = ? AND state = 1", id),
                        "rows marked sent: the calls in flight");
                assertEquals(List.of("0"), rows(c, "SELECT COUNT(*) FROM job_rows WHERE job_id = ? AND state = 2", id),
                        "rows done: none, every answer was held");
            }
            Set<String> sentByA = upstream.arrivals().stream().map(LoopbackUpstream.Arrival::url)
                    .collect(Collectors.toSet());
            int arrivalsOfA = upstream.arrivals().size();
            upstream.release(); // answers A's held calls (to closed connections) and every later call at once

            PackagedReplica b = PackagedReplica.start("replica-b", settings, started, DEADLINE);
            JsonPath status = b.awaitStatus(id, DEADLINE.minusNanos(System.nanoTime() - signalled),
                    "to finish " + DEADLINE + " after the signal", s -> !s.getString("state").equals("queued")
                            && !s.getString("state").equals("running"));
            assertEquals("succeeded", status.getString("state"));
            assertEquals(ROWS, status.getInt("rows.ok"));
            assertEquals(0, status.getInt("rows.failed"));
            int resent = status.getInt("rows.resent");
            assertTrue(resent <= inFlight, "resent " + resent + " <= calls in flight at the signal " + inFlight);

            List<String> sentByB = upstream.arrivals().subList(arrivalsOfA, upstream.arrivals().size()).stream()
                    .map(LoopbackUpstream.Arrival::url).toList();
            assertEquals(Set.copyOf(urls), Set.copyOf(sentByB), "B sent every row A had not finished");
            assertEquals(ROWS, sentByB.size(), "B sent each URL once");
            long duplicates = sentByB.stream().filter(sentByA::contains).count();
            assertTrue(duplicates <= resent, "URLs sent by both replicas " + duplicates + " <= resent " + resent);

            String expected = "url,short_url,status,error\n" + urls.stream()
                    .map(url -> url + "," + stubShortUrl(url) + ",ok,\n").collect(Collectors.joining());
            assertEquals(expected, b.get("/jobs/" + id + "/result"), "every row ok, in input order");
        } finally {
            for (Process process : started) {
                process.destroyForcibly().waitFor();
            }
            upstream.stop();
            PostgresDatabaseResource.drop(database);
        }
    }

    @Test
    void sigtermOnTheEmbeddedStoreReleasesTheChunksBeforeTheDatabaseCloses() throws Exception {
        Path dataDir = Path.of("target", "embedded-sigterm-" + UUID.randomUUID()).toAbsolutePath();
        LoopbackUpstream upstream = new LoopbackUpstream();
        String upstreamUrl = upstream.start().get("quarkus.rest-client.tinyurl-legacy.url");
        List<Process> started = new ArrayList<>();
        try {
            // No datasource URL: the prod profile stores jobs in the embedded H2 file under the data directory.
            Map<String, String> settings = Map.of(
                    "shortener.data-dir", dataDir.toString(),
                    "quarkus.rest-client.tinyurl-legacy.url", upstreamUrl,
                    "shortener.model", "async",
                    "shortener.async.concurrency", String.valueOf(LIMIT),
                    "shortener.jobs.chunk-size", "100",
                    "shortener.jobs.lease", LEASE.toSeconds() + "s",
                    "shortener.jobs.shutdown-grace", GRACE.toSeconds() + "s",
                    "quarkus.shutdown.timeout", "5s",
                    "shortener.upstream-timeout", "60s");
            String body = IntStream.range(0, ROWS).mapToObj(i -> "https://example.com/embedded-sigterm/" + i)
                    .collect(Collectors.joining("\n", "", "\n"));

            upstream.holdAnswers();
            PackagedReplica a = PackagedReplica.start("replica-embedded", settings, started, DEADLINE);
            String id = JsonPath.from(a.post("/jobs", body, 202)).getString("id");
            LoopbackUpstream.await(LIMIT + " calls held at the upstream", DEADLINE,
                    () -> upstream.received() >= LIMIT);

            a.process().destroy(); // SIGTERM
            assertTrue(a.process().waitFor(GRACE.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS),
                    "replica still running after SIGTERM; log: " + a.log());
            String log = a.log();
            assertFalse(log.contains("Database is already closed"), "the store closed before the runner: " + log);
            assertFalse(log.contains("could not release chunk"), "a chunk was left leased: " + log);
            assertFalse(log.contains("claiming job chunks failed"), "the runner claimed on a closed store: " + log);

            // The process has exited, so its H2 file is free to open here.
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("jobs")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE", "sa", "")) {
                List<String> chunks = rows(c, "SELECT chunk || ' ' || state || ' ' || COALESCE(lease_owner, '-') "
                        + "FROM job_chunks WHERE job_id = ? ORDER BY chunk", id);
                assertEquals(ROWS / 100, chunks.size(), "chunks of the job: " + chunks);
                for (String chunk : chunks) {
                    assertTrue(chunk.endsWith(" pending -"), "chunk (number, state, lease owner): " + chunk);
                }
            }
        } finally {
            for (Process process : started) {
                process.destroyForcibly().waitFor();
            }
            upstream.release();
            upstream.stop();
        }
    }

    private static List<String> rows(Connection c, String sql, String jobId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, jobId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
