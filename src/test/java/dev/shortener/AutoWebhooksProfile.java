package dev.shortener;

import java.util.Map;

import dev.shortener.webhooks.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One application for two tests whose settings do not touch each other's behaviour: {@code auto} with a tiny start-up
 * benchmark (AutoModelTest), and signed webhooks with a secret, loopback receivers allowed, short backoffs and a short
 * retry window (WebhookTest). Only AutoModelTest may run benchmarks here: it expects the start-up one as the latest.
 */
public class AutoWebhooksProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shortener.model", "auto", "shortener.benchmark.startup-requests", "2",
                "shortener.webhooks.secret", WebhookReceiver.TEST_SECRET,
                "shortener.webhooks.allow-private", "true",
                "shortener.webhooks.initial-backoff", "100ms",
                "shortener.webhooks.poll-interval", "50ms",
                "shortener.webhooks.retry-for", "4s");
    }
}
