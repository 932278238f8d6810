package dev.shortener.governor;

import static dev.shortener.governor.ClusterIT.CAP;
import static dev.shortener.governor.ClusterIT.awaitOk;
import static dev.shortener.governor.ClusterIT.settings;
import static dev.shortener.governor.ClusterIT.urls;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackUpstream;

/**
 * A replica that joins a busy cluster takes a share at start (its first heartbeat, and the others' holds lowered at
 * its request), so that its first row goes at once rather than after the heartbeats, and the cap still holds.
 */
class FreshReplicaIT {

    // The heartbeat interval of these settings (a 5 s lease): a first call that waited for heartbeats takes longer.
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @Test
    void aFreshReplicasFirstRowDoesNotWaitForAHeartbeat() throws Exception {
        LoopbackUpstream upstream = new LoopbackUpstream();
        String url = upstream.start().get("quarkus.rest-client.tinyurl-legacy.url");
        try (Replicas cluster = new Replicas()) {
            Map<String, String> settings = settings(url, Map.of());
            Replicas.Replica busy = cluster.start(settings, "busy").get(0);
            LoopbackUpstream.fresh().delayAnswers(100);
            String job = busy.postJob(urls("busy", 10_000));
            LoopbackUpstream.await("the busy replica at the cap", Duration.ofSeconds(60),
                    () -> upstream.received() - upstream.answered() >= CAP - 5);

            Replicas.Replica fresh = cluster.start(settings, "fresh").get(0);
            CompletableFuture<String> first = fresh.shorten(urls("fresh", 1));
            Awaitility.await("the fresh replica's first row at the upstream within a heartbeat interval")
                    .atMost(HEARTBEAT).pollInterval(Duration.ofMillis(10))
                    .until(() -> upstream.arrivals().stream().anyMatch(a -> a.url().startsWith(
                            "https://example.com/fresh/")));
            awaitOk(List.of(first), 1);
            ClusterIT.awaitSucceeded(fresh, job);
            assertTrue(upstream.maxInFlight() <= CAP, "most in flight while the fresh replica joined: "
                    + upstream.maxInFlight() + " > cap " + CAP);
        } finally {
            upstream.release();
            upstream.stop();
        }
    }
}
