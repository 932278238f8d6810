package dev.shortener.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackUpstream;
import io.restassured.path.json.JsonPath;

/**
 * Replicas of the packaged jar on one PostgreSQL database share one governor: the cap holds across them, a 429 seen
 * by one pauses all, a killed replica's share returns after the lease, and a quota is counted once for all.
 */
class ClusterIT {

    static final int CAP = 150;
    private static final long LATENCY_MILLIS = 100;
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration DONE = Duration.ofSeconds(120);

    static Map<String, String> settings(String upstreamUrl, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "quarkus.rest-client.tinyurl-legacy.url", upstreamUrl,
                "shortener.model", "async",
                "shortener.async.concurrency", "200",
                "shortener.upstream.max-in-flight", String.valueOf(CAP),
                "shortener.jobs.lease", LEASE.toSeconds() + "s",
                "shortener.jobs.chunk-size", "100",
                "shortener.upstream-timeout", "30s",
                "shortener.retry.initial-backoff", "20ms",
                "quarkus.shutdown.timeout", "2s"));
        settings.putAll(more);
        return settings;
    }

    static List<String> urls(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> "https://example.com/" + prefix + "/" + i).toList();
    }

    private static int inFlight(LoopbackUpstream upstream) {
        return upstream.received() - upstream.answered();
    }

    @Test
    void threeReplicasKeepOneCapOnePauseAndGiveAKilledReplicasShareBack() throws Exception {
        LoopbackUpstream upstream = new LoopbackUpstream();
        String url = upstream.start().get("quarkus.rest-client.tinyurl-legacy.url");
        try (Replicas cluster = new Replicas()) {
            List<Replicas.Replica> replicas = cluster.start(settings(url, Map.of()), "a", "b", "c");
            LoopbackUpstream.fresh().delayAnswers(LATENCY_MILLIS);

            // Jobs and /shorten batches on all three at once: never more than the cap at the upstream.
            List<String> jobs = new ArrayList<>();
            List<CompletableFuture<String>> batches = new ArrayList<>();
            for (int i = 0; i < replicas.size(); i++) {
                jobs.add(replicas.get(i).postJob(urls("job/" + i, 1500)));
                batches.add(replicas.get(i).shorten(urls("shorten/" + i, 1000)));
            }
            awaitOk(batches, 1000);
            for (String job : jobs) {
                awaitSucceeded(replicas.get(0), job);
            }
            assertTrue(upstream.maxInFlight() <= CAP, "most calls in flight at the upstream across the three "
                    + "replicas: " + upstream.maxInFlight() + " > cap " + CAP);
            assertTrue(upstream.maxInFlight() >= CAP * 8 / 10, "the replicas used the cap together: "
                    + upstream.maxInFlight());

            // A 429 Retry-After: 1 answered to replica 0 pauses all three.
            LoopbackUpstream.fresh().delayAnswers(LATENCY_MILLIS);
            String limited = "https://example.com/paused/0/200";
            upstream.answer(limited, 429, "1", 1);
            List<CompletableFuture<String>> paused = new ArrayList<>();
            for (int i = 0; i < replicas.size(); i++) {
                paused.add(replicas.get(i).shorten(urls("paused/" + i, 400)));
            }
            awaitOk(paused, 400);
            assertNoArrivalInsideTheRetryAfterWindow(upstream, limited);
            for (Replicas.Replica other : replicas.subList(1, 3)) {
                Matcher heard = Pattern.compile("pause of tinyurl-legacy for 1000 ms from replica \\S+, (\\d+) ms "
                        + "after it began there").matcher(other.log());
                assertTrue(heard.find(), "the other replicas heard of the pause");
                assertTrue(Integer.parseInt(heard.group(1)) <= 100, "heard within 100 ms: " + heard.group());
            }

            // A replica killed mid-job: the other two take its share once its heartbeat is older than the lease.
            LoopbackUpstream.fresh().delayAnswers(LATENCY_MILLIS);
            String big = replicas.get(0).postJob(urls("after-kill", 9000));
            LoopbackUpstream.await("the three replicas to fill the cap", DONE, () -> inFlight(upstream) >= CAP - 15);
            long killed = System.nanoTime();
            replicas.get(2).process().destroyForcibly().waitFor(); // SIGKILL: no goodbye, its rows stay
            Duration allowed = LEASE.plusSeconds(5);
            Awaitility.await("the survivors to reach 90 % of the cap within " + allowed).atMost(allowed)
                    .pollInterval(Duration.ofMillis(20)).until(() -> inFlight(upstream) >= CAP * 9 / 10);
            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("survivors at 90 % of the cap " + took.toMillis() + " ms after kill -9");
            awaitSucceeded(replicas.get(0), big);
            assertTrue(upstream.maxInFlight() <= CAP, "most in flight while the share moved: "
                    + upstream.maxInFlight());
        } finally {
            upstream.release();
            upstream.stop();
        }
    }

    @Test
    void aQuotaIsCountedOnceForEveryReplicaAndCallsWaitForTheNextPeriod() throws Exception {
        LoopbackUpstream upstream = new LoopbackUpstream();
        String url = upstream.start().get("quarkus.rest-client.tinyurl-legacy.url");
        QuotaSpec quota = QuotaSpec.parse("100/10s");
        try (Replicas cluster = new Replicas()) {
            List<Replicas.Replica> replicas = cluster.start(settings(url,
                    Map.of("shortener.upstream.providers.tinyurl-legacy.quota", "100/10s")), "q1", "q2");
            LoopbackUpstream.fresh().delayAnswers(20);
            // Early in a period, so that its 100 calls fit in it.
            Awaitility.await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(20))
                    .until(() -> System.currentTimeMillis() % quota.period().toMillis() < 1000);
            long periodEnd = quota.periodEnd(System.currentTimeMillis()).toEpochMilli();
            String job = replicas.get(0).postJob(urls("quota", 300));
            LoopbackUpstream.await("the period's 100 calls", Duration.ofSeconds(8), () -> upstream.received() >= 100);
            String metric = "shortener_governor_quota_remaining{provider=\"tinyurl-legacy\"}";
            Awaitility.await("the quota gauge at 0").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> replicas.get(0).metric(metric) == 0 || replicas.get(1).metric(metric) == 0);
            // Nothing more until the period ends.
            Awaitility.await("no call beyond the quota in the first period")
                    .during(Duration.ofMillis(Math.max(0, periodEnd - 200 - System.currentTimeMillis())))
                    .atMost(quota.period()).pollInterval(Duration.ofMillis(50))
                    .until(() -> upstream.received() == 100);
            LoopbackUpstream.await("the next period's calls", Duration.ofSeconds(5), () -> upstream.received() > 100);
            awaitSucceeded(replicas.get(1), job);
            assertEquals(300, upstream.received(), "each row once");
        } finally {
            upstream.release();
            upstream.stop();
        }
    }

    static void awaitOk(List<CompletableFuture<String>> batches, int rows) throws Exception {
        for (CompletableFuture<String> batch : batches) {
            String csv = batch.get(DONE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(rows, csv.lines().filter(line -> line.endsWith(",ok,")).count(), csv);
        }
    }

    static void awaitSucceeded(Replicas.Replica replica, String job) {
        JsonPath status = Awaitility.await("job " + job).atMost(DONE).pollInterval(Duration.ofMillis(200))
                .until(() -> JsonPath.from(replica.get("/jobs/" + job)),
                        s -> !"queued".equals(s.getString("state")) && !"running".equals(s.getString("state")));
        assertEquals("succeeded", status.getString("state"), status.prettify());
    }

    private static void assertNoArrivalInsideTheRetryAfterWindow(LoopbackUpstream upstream, String limited) {
        List<LoopbackUpstream.Arrival> arrivals = upstream.arrivals();
        long sent = arrivals.stream().filter(a -> a.url().equals(limited)).findFirst().orElseThrow().nanoTime()
                + LATENCY_MILLIS * 1_000_000;
        List<LoopbackUpstream.Arrival> inside = arrivals.stream().filter(a -> a.nanoTime() - sent > 150_000_000L
                && a.nanoTime() - sent < 850_000_000L).toList();
        assertTrue(inside.isEmpty(), inside.size() + " requests from the replicas 0.15-0.85 s after the 429, e.g. "
                + inside.stream().limit(8).map(a -> a.url() + " +" + (a.nanoTime() - sent) / 1_000_000 + " ms")
                        .toList());
        assertTrue(arrivals.stream().filter(a -> a.url().equals(limited)).count() == 2, "the limited row retried");
    }
}
