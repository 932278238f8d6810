package dev.shortener;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One application for two tests whose settings do not touch each other's behaviour: one batch slot, with an upstream
 * timeout long enough for the held call (AdmissionTest), and {@code auto} whose one-call start-up benchmark cannot
 * reach httpbin, so it stays on {@code async} (AutoModelStartupFailureTest). Only /shorten takes a batch slot, never
 * the benchmark; no test of this profile may run a benchmark of its own.
 */
public class OneSlotAutoProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shortener.max-concurrent-batches", "1", "shortener.busy-retry-after", "7s",
                "shortener.upstream-timeout", "30s",
                "shortener.model", "auto",
                "shortener.benchmark.startup-requests", "1",
                "shortener.retry.max-attempts", "1",
                "quarkus.rest-client.httpbin.url", "http://127.0.0.1:1");
    }
}
