package dev.shortener.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackUpstream;
import dev.shortener.PackagedReplica;
import dev.shortener.PostgresDatabaseResource;
import io.restassured.path.json.JsonPath;

/**
 * A webhook whose receiver fails is still delivered when the replica that made the first attempt stops and another
 * starts on the same job store: the outbox, not a replica's memory, holds it.
 */
class WebhookRestartIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aDeliveryStartedByOneReplicaIsFinishedByTheNextOneAfterARestart() throws Exception {
        LoopbackUpstream upstream = new LoopbackUpstream();
        String upstreamUrl = upstream.start().get("quarkus.rest-client.tinyurl-legacy.url");
        String database = PostgresDatabaseResource.create("tinyurl_webhook_");
        List<Process> started = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookTest.SECRET, 500, 500, 200)) {
            Map<String, String> settings = Map.of(
                    "quarkus.datasource.jdbc.url", PostgresDatabaseResource.url(database),
                    "quarkus.datasource.username", PostgresDatabaseResource.user(),
                    "quarkus.rest-client.tinyurl-legacy.url", upstreamUrl,
                    "shortener.webhooks.secret", WebhookTest.SECRET,
                    "shortener.webhooks.allow-private", "true",
                    // Long enough that the first replica is gone before the second attempt is due.
                    "shortener.webhooks.initial-backoff", "4s",
                    "shortener.webhooks.poll-interval", "50ms",
                    "quarkus.shutdown.timeout", "5s");

            PackagedReplica a = PackagedReplica.start("webhook-replica-a", settings, started, DEADLINE);
            String id = JsonPath.from(a.post("/jobs?callback=" + receiver.url(),
                    "https://example.com/webhook-restart/" + database + "\n", 202)).getString("id");
            a.awaitStatus(id, DEADLINE, "to record its first delivery attempt",
                    s -> s.getInt("callback.attempts") == 1);
            a.process().destroy(); // SIGTERM
            assertTrue(a.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "A still running: " + a.log());
            assertEquals(1, receiver.deliveries().size(), "A made one attempt before it stopped");

            PackagedReplica b = PackagedReplica.start("webhook-replica-b", settings, started, DEADLINE);
            JsonPath status = b.awaitStatus(id, DEADLINE, "to have its webhook delivered",
                    s -> "delivered".equals(s.getString("callback.state")));
            assertEquals(3, status.getInt("callback.attempts"));
            assertEquals(200, status.getInt("callback.lastStatus"));
            List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
            assertEquals(List.of(500, 500, 200), deliveries.stream().map(WebhookReceiver.Delivery::answered).toList());
            deliveries.forEach(d -> assertTrue(d.verified(), "signature and timestamp verify: " + d));
            assertEquals(1, deliveries.stream().map(WebhookReceiver.Delivery::id).distinct().count());
            assertEquals(id, JsonPath.from(deliveries.get(2).body()).getString("data.id"));
        } finally {
            for (Process process : started) {
                process.destroyForcibly().waitFor();
            }
            upstream.stop();
            PostgresDatabaseResource.drop(database);
        }
    }
}
