package dev.shortener;

import static java.util.Map.entry;

import java.util.Map;
import java.util.UUID;

import dev.shortener.webhooks.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One application for three tests whose settings do not touch each other's behaviour: the default datasource switched
 * off, so that the embedded store takes over in a fresh directory, with signed webhooks to loopback
 * (EmbeddedStoreTest); one batch slot, with an upstream timeout long enough for the held call (AdmissionTest); and
 * {@code auto} whose one-call start-up benchmark cannot reach httpbin, so it stays on {@code async}
 * (AutoModelStartupFailureTest). Only /shorten takes a batch slot, never a job or the benchmark; no test of this
 * profile may run a benchmark of its own.
 */
public class EmbeddedOneSlotProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(entry("quarkus.datasource.active", "false"),
                entry("shortener.data-dir", "./target/embedded-" + UUID.randomUUID()),
                entry("shortener.webhooks.secret", WebhookReceiver.TEST_SECRET),
                entry("shortener.webhooks.allow-private", "true"),
                entry("shortener.webhooks.poll-interval", "50ms"),
                entry("shortener.webhooks.initial-backoff", "100ms"),
                entry("shortener.max-concurrent-batches", "1"),
                entry("shortener.busy-retry-after", "7s"),
                entry("shortener.upstream-timeout", "30s"),
                entry("shortener.model", "auto"),
                entry("shortener.benchmark.startup-requests", "1"),
                entry("shortener.retry.max-attempts", "1"),
                entry("quarkus.rest-client.httpbin.url", "http://127.0.0.1:1"));
    }
}
