package dev.shortener.governor;

import static dev.shortener.governor.ClusterIT.awaitOk;
import static dev.shortener.governor.ClusterIT.settings;
import static dev.shortener.governor.ClusterIT.urls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackUpstream;
import dev.shortener.store.Jdbc;
import io.restassured.path.json.JsonPath;

/**
 * Replicas of the packaged jar on one PostgreSQL database share one outage breaker: an upstream that answers every
 * call with a 503 (an outage, counted at the upstream) opens it on every replica, one replica probes for all, another
 * takes over probing when that one is killed, and when the upstream is back every replica resumes with every row ok.
 */
class OutageClusterIT {

    private static final String BREAKER = "shortener_governor_breaker{provider=\"tinyurl-legacy\"}";
    // Slack for the calls a replica sends before it hears of the opening, and for one takeover at once.
    private static final int HANDFUL = 5;

    @Test
    void oneReplicasOpeningHoldsEveryReplicaAndOneProbesForAll() throws Exception {
        LoopbackUpstream upstream = new LoopbackUpstream();
        String url = upstream.start().get("quarkus.rest-client.tinyurl-legacy.url");
        try (Replicas cluster = new Replicas()) {
            List<Replicas.Replica> replicas = new ArrayList<>(cluster.start(settings(url, Map.of(
                    "shortener.upstream.outage.max-probe-interval", "1s",
                    "shortener.retry.max-attempts", "10",
                    "shortener.upstream.max-wait", "90s")), "o1", "o2", "o3"));
            LoopbackUpstream.fresh().delayAnswers(100);
            String job = replicas.get(0).postJob(urls("job", 3000));
            List<CompletableFuture<String>> batches = new ArrayList<>();
            for (int i = 0; i < replicas.size(); i++) {
                batches.add(replicas.get(i).shorten(urls("shorten/" + i, 1000)));
            }
            LoopbackUpstream.await("calls from the replicas", Duration.ofSeconds(60),
                    () -> upstream.received() >= 300);

            upstream.failEverything(503);
            Awaitility.await("every replica's breaker open").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> replicas.stream().allMatch(r -> metric(r) > 0));
            for (Replicas.Replica replica : replicas) {
                JsonPath status = JsonPath.from(replica.get("/jobs/" + job));
                assertEquals("outage", status.getString("waiting.reason"), "waiting on every replica: "
                        + status.prettify());
            }
            // Replicas that opened at once agree on the earliest since as soon as they heard each other.
            Awaitility.await("one outage, one since on every replica").atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        List<String> since = new ArrayList<>();
                        for (Replicas.Replica replica : replicas) {
                            since.add(JsonPath.from(replica.get("/jobs/" + job)).getString("waiting.since"));
                        }
                        return since.stream().distinct().count() == 1 && since.get(0) != null;
                    });
            assertFewerThanOneCallPerProbeInterval(upstream, replicas, Duration.ofSeconds(4));

            // The prober killed: a survivor probes within about a probe interval (1 s, and up to 1.5 s of grace).
            Replicas.Replica prober = prober(cluster, replicas);
            int beforeKill = upstream.received();
            prober.process().destroyForcibly().waitFor();
            batches.remove(replicas.indexOf(prober));
            replicas.remove(prober);
            Awaitility.await("a survivor's probe").atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20))
                    .until(() -> upstream.received() > beforeKill);
            assertFewerThanOneCallPerProbeInterval(upstream, replicas, Duration.ofSeconds(3));

            upstream.failEverything(0);
            Awaitility.await("every survivor's breaker closed").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> replicas.stream().allMatch(r -> metric(r) == 0));
            awaitOk(batches, 1000);
            ClusterIT.awaitSucceeded(replicas.get(0), job);
            JsonPath done = JsonPath.from(replicas.get(0).get("/jobs/" + job));
            assertEquals(3000, done.getLong("rows.ok"), done.prettify());
        } finally {
            upstream.release();
            upstream.stop();
        }
    }

    /** While every breaker stays open for {@code during}, at most one call per second (the probes) and a handful. */
    private static void assertFewerThanOneCallPerProbeInterval(LoopbackUpstream upstream,
            List<Replicas.Replica> replicas, Duration during) {
        int before = upstream.arrivals().size();
        Awaitility.await("every breaker open for " + during).during(during).atMost(during.plusSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> replicas.stream().allMatch(r -> metric(r) > 0));
        List<LoopbackUpstream.Arrival> sent = upstream.arrivals().subList(before, upstream.arrivals().size());
        Map<String, Long> byBatch = sent.stream().collect(Collectors.groupingBy(
                a -> a.url().replaceAll("/\\d+$", ""), TreeMap::new, Collectors.counting()));
        System.out.println("calls while open for " + during.toSeconds() + " s: " + sent.size() + " " + byBatch);
        assertTrue(sent.size() <= during.toSeconds() + HANDFUL, sent.size() + " calls in " + during.toSeconds()
                + " s of an open breaker (one probe a second expected, not one per replica): " + byBatch);
    }

    private static Replicas.Replica prober(Replicas cluster, List<Replicas.Replica> replicas) throws Exception {
        try (Connection c = DriverManager.getConnection(Replicas.SERVER + cluster.database, Replicas.USER, "")) {
            String prober = Jdbc.queryFirst(c, "SELECT prober FROM governor_breakers", rs -> rs.getString(1))
                    .orElseThrow();
            Map<String, Replicas.Replica> byPid = replicas.stream().collect(Collectors.toMap(
                    r -> r.process().pid() + "@", Function.identity()));
            return byPid.entrySet().stream().filter(e -> prober.startsWith(e.getKey())).findFirst().orElseThrow()
                    .getValue();
        }
    }

    private static double metric(Replicas.Replica replica) {
        try {
            return replica.metric(BREAKER);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
