package dev.shortener;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service against {@link LoopbackUpstream} instead of WireMock, with a governor of 200 calls in flight per provider
 * (below the 20 x 100 calls that twenty concurrent {@code async} batches would start on their own).
 */
public class LoopbackProfile implements QuarkusTestProfile {

    /** The governor's limit in this profile. */
    public static final int MAX_IN_FLIGHT = 200;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shortener.upstream.max-in-flight", String.valueOf(MAX_IN_FLIGHT),
                // Held answers must not time out while a test counts them; a frozen worker is still killed in 12 s.
                "shortener.upstream-timeout", "10s",
                "shortener.threads.workers", "3",
                "shortener.virtual-threads.concurrency", "5",
                // Twenty large batches and a small one at once: admission (a memory guard) must not refuse any,
                // so that what limits them is the governor.
                "shortener.max-concurrent-batches", "21");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        // Its own fresh PostgreSQL database too: the jobs store is part of every application start.
        return List.of(new TestResourceEntry(LoopbackUpstream.class),
                new TestResourceEntry(PostgresDatabaseResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
