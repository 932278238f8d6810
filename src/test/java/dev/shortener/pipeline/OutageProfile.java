package dev.shortener.pipeline;

import java.util.List;
import java.util.Map;

import dev.shortener.PostgresDatabaseResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service against {@link OutageUpstream} and a fresh PostgreSQL database, with probes of an open breaker at most
 * 2 s apart (so that a test does not wait for the default 30 s once the upstream is back), {@code /shorten}
 * batches waiting up to 10 s, and two attempts per call.
 */
public class OutageProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // Two attempts: a call whose first failure counted (before the breaker opened) fails if a lost probe counts.
        return Map.of("shortener.retry.max-attempts", "2",
                "shortener.upstream.outage.max-probe-interval", "2s",
                "shortener.upstream.max-wait", "10s",
                "shortener.upstream-timeout", "10s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OutageUpstream.class),
                new TestResourceEntry(PostgresDatabaseResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    /** The same, with jobs waiting only 3 s for a provider that is down. */
    public static class ShortJobWait extends OutageProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new java.util.HashMap<>(super.getConfigOverrides());
            overrides.put("shortener.upstream.outage.max-wait-jobs", "3s");
            return overrides;
        }
    }
}
