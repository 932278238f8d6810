package dev.shortener.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.shortener.TestConfig;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;

/** Settings that cannot work stop the service at start with a message naming the setting to fix. */
class StartupChecksTest {

    @Test
    void tinyurlProviderWithoutTokenRefusesToStart() {
        String refusal = refusal(Map.of("shortener.provider", "tinyurl"));

        assertEquals("shortener.provider=tinyurl needs an API token: set SHORTENER_TINYURL_TOKEN "
                + "(shortener.tinyurl.token), or use shortener.provider=tinyurl-legacy", refusal);
    }

    @Test
    void tinyurlProviderWithTokenStarts() {
        SmallRyeConfig config = config(Map.of("shortener.provider", "tinyurl", "shortener.tinyurl.token", "t"));

        assertDoesNotThrow(() -> check(config));
    }

    @Test
    void concurrencyAboveTheClientPoolRefusesToStart() {
        String refusal = refusal(Map.of("shortener.async.concurrency", "2000"));

        assertEquals("quarkus.rest-client.tinyurl.connection-pool-size=1000 is below the largest model concurrency "
                + "(2000); raise it (env QUARKUS_REST_CLIENT_TINYURL_CONNECTION_POOL_SIZE) or lower "
                + "shortener.async/virtual-threads.concurrency", refusal);
    }

    @Test
    void aSelfHostedProviderPoolBelowTheConcurrencyRefusesToStart() {
        // Not the default provider: its pool still caps every ?provider=kutt request.
        String refusal = refusal(Map.of("quarkus.rest-client.kutt.url", "https://kutt.example",
                "quarkus.rest-client.kutt.connection-pool-size", "10", "shortener.async.concurrency", "20",
                "shortener.virtual-threads.concurrency", "20"));

        assertEquals("quarkus.rest-client.kutt.connection-pool-size=10 is below the largest model concurrency "
                + "(20); raise it (env QUARKUS_REST_CLIENT_KUTT_CONNECTION_POOL_SIZE) or lower "
                + "shortener.async/virtual-threads.concurrency", refusal);
    }

    @Test
    void theGlobalPoolSizeIsNamedWhenNoProviderSetsItsOwn() {
        String refusal = refusal(Map.of("quarkus.rest-client.kutt.url", "https://kutt.example",
                "quarkus.rest-client.connection-pool-size", "10", "shortener.async.concurrency", "20",
                "shortener.virtual-threads.concurrency", "20"));

        assertTrue(refusal.startsWith("quarkus.rest-client.connection-pool-size=10 is below"),
                refusal);
    }

    @Test
    void nonPositiveLimitRefusesToStartNamingTheSetting() {
        ConfigValidationException refusal = assertThrows(ConfigValidationException.class,
                () -> config(Map.of("shortener.threads.workers", "0")).getConfigMapping(ShortenerConfig.class));

        assertEquals(1, refusal.getProblemCount());
        assertEquals("shortener.threads.workers must be greater than or equal to 1",
                refusal.getProblem(0).getMessage());
    }

    @Test
    void everyLimitMustBePositiveNamingEachSetting() {
        Map<String, String> zeros = Map.of("shortener.threads.workers", "0", "shortener.async.concurrency", "0",
                "shortener.virtual-threads.concurrency", "0", "shortener.retry.max-attempts", "0",
                "shortener.max-rows", "0", "shortener.max-url-length", "0", "shortener.processes.workers", "0",
                "shortener.processes.queue-depth", "0");

        ConfigValidationException refusal = assertThrows(ConfigValidationException.class,
                () -> config(zeros).getConfigMapping(ShortenerConfig.class));

        assertEquals(zeros.size(), refusal.getProblemCount(), refusal.getMessage());
        for (String key : zeros.keySet()) {
            assertTrue(refusal.getMessage().contains(key + " must be greater than or equal to 1"),
                    key + ": " + refusal.getMessage());
        }
    }

    @Test
    void selfHostedProviderWithoutItsUrlRefusesToStartNamingTheSetting() {
        String refusal = refusal(Map.of("shortener.provider", "shlink", "shortener.shlink.api-key", "k"));

        assertTrue(refusal.contains("quarkus.rest-client.shlink.url"), refusal);
        assertTrue(refusal.contains("QUARKUS_REST_CLIENT_SHLINK_URL"), refusal);
    }

    @Test
    void providerWithoutItsKeyRefusesToStartNamingTheSetting() {
        String refusal = refusal(Map.of("shortener.provider", "kutt",
                "quarkus.rest-client.kutt.url", "https://kutt.example"));

        assertTrue(refusal.contains("shortener.kutt.api-key"), refusal);
    }

    @Test
    void configuredSelfHostedProviderStarts() {
        SmallRyeConfig config = config(Map.of("shortener.provider", "yourls",
                "quarkus.rest-client.yourls.url", "https://yourls.example", "shortener.yourls.signature", "s"));

        assertDoesNotThrow(() -> check(config));
    }

    @Test
    void bulkProviderWithTheProcessesModelRefusesToStart() {
        String refusal = refusal(Map.of("shortener.provider", "tinyurl-bulk", "shortener.tinyurl.token", "t",
                "shortener.model", "processes"));

        assertTrue(refusal.contains("shortener.model=processes"), refusal);
    }

    @Test
    void unknownProviderIsAConfigErrorNamingTheValue() {
        ConfigValidationException refusal = assertThrows(ConfigValidationException.class,
                () -> config(Map.of("shortener.provider", "goo.gl")).getConfigMapping(ShortenerConfig.class));

        assertEquals(1, refusal.getProblemCount());
        assertTrue(refusal.getProblem(0).getMessage().contains("shortener.provider"), refusal.getMessage());
        assertTrue(refusal.getProblem(0).getMessage().contains("goo.gl"), refusal.getMessage());
    }

    @Test
    void unknownModelNameIsAConfigErrorNamingTheValue() {
        // SmallRye reports every invalid property at once, when the mapping is built.
        ConfigValidationException refusal = assertThrows(ConfigValidationException.class,
                () -> config(Map.of("shortener.model", "fibers")).getConfigMapping(ShortenerConfig.class).model());

        assertEquals(1, refusal.getProblemCount());
        assertTrue(refusal.getProblem(0).getMessage().contains("shortener.model"), refusal.getMessage());
        assertTrue(refusal.getProblem(0).getMessage().contains("fibers"), refusal.getMessage());
    }

    /** The message the service refuses to start with, for these settings. */
    private static String refusal(Map<String, String> values) {
        SmallRyeConfig config = config(values);
        return assertThrows(IllegalStateException.class, () -> check(config)).getMessage();
    }

    private static void check(SmallRyeConfig config) {
        new StartupChecks().check(null, config.getConfigMapping(ShortenerConfig.class), config);
    }

    private static SmallRyeConfig config(Map<String, String> values) {
        return TestConfig.config(values);
    }
}
