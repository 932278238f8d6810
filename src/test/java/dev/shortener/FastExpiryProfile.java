package dev.shortener;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One application for tests whose settings do not touch each other's behaviour: Idempotency-Keys and finished jobs
 * kept for seconds (JobExpiryTest), links never reused (ShortenWithoutReuseTest), and no benchmark ever run in it
 * (BenchmarkLatestTest needs an application that has not run one: no test of this profile may run a benchmark).
 */
public class FastExpiryProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shortener.jobs.idempotency-ttl", "6s", "shortener.jobs.retention", "3s",
                "shortener.links.reuse", "false", "shortener.model", "async");
    }
}
