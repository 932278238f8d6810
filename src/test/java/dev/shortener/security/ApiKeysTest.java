package dev.shortener.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.shortener.TestConfig;

/** Parsing {@code shortener.auth.api-keys} and finding a presented key: plain unit tests, no Quarkus. */
class ApiKeysTest {

    private static final String ALICE_HASH = ApiKeyTest.hash("alice-key");

    @Test
    void entriesGiveNamesRolesAndHashes() {
        List<ApiKey> keys = ApiKeys.parse(List.of("alice:" + ALICE_HASH, " ops : " + ApiKeyTest.hash("ops-key")
                + " :admin ", ""));

        assertEquals(2, keys.size());
        assertEquals("alice", keys.get(0).name());
        assertFalse(keys.get(0).admin());
        assertArrayEquals(HexFormat.of().parseHex(ALICE_HASH), keys.get(0).sha256());
        assertEquals("ops", keys.get(1).name());
        assertTrue(keys.get(1).admin());
    }

    @Test
    void aKeyIsFoundByItsHashAndNothingElse() {
        ApiKeys keys = new ApiKeys(TestConfig.shortener(Map.of("shortener.auth.api-keys",
                "alice:" + ALICE_HASH + ",bob:" + ApiKeyTest.hash("bob-key"))));

        assertTrue(keys.required());
        assertEquals(Optional.of("bob"), keys.find("bob-key").map(ApiKey::name));
        assertEquals(Optional.of("alice"), keys.find("alice-key").map(ApiKey::name));
        assertEquals(Optional.empty(), keys.find("alice-key "));
        assertEquals(Optional.empty(), keys.find(ALICE_HASH), "the hash itself is not a key");
    }

    @Test
    void noEntriesMeansOpen() {
        assertFalse(new ApiKeys(TestConfig.shortener(Map.of())).required());
    }

    @Test
    void theKeyInsteadOfItsHashIsRefusedWithoutEchoingIt() {
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
                () -> ApiKeys.parse(List.of("alice:" + ALICE_HASH, "bob:plain-secret-key")));

        assertEquals("shortener.auth.api-keys entry 2 ('bob'): the second part must be the 64 hex digits of the key's "
                + "SHA-256 (printf %s \"$KEY\" | sha256sum), not the key itself", refusal.getMessage());
    }

    @Test
    void malformedEntriesNameTheEntryAndTheRule() {
        assertEquals("shortener.auth.api-keys entry 1 ('alice') must be name:sha256-hex or name:sha256-hex:admin",
                assertThrows(IllegalStateException.class, () -> ApiKeys.parse(List.of("alice"))).getMessage());
        assertEquals("shortener.auth.api-keys entry 1 ('alice'): the third part can only be 'admin'",
                assertThrows(IllegalStateException.class,
                        () -> ApiKeys.parse(List.of("alice:" + ALICE_HASH + ":root"))).getMessage());
        assertEquals("shortener.auth.api-keys entry 1 ('?'): the name must be 1-64 letters, digits or ._@-",
                assertThrows(IllegalStateException.class,
                        () -> ApiKeys.parse(List.of("al ice:" + ALICE_HASH))).getMessage());
        assertEquals("shortener.auth.api-keys entry 2 ('alice'): the name is used by another entry",
                assertThrows(IllegalStateException.class,
                        () -> ApiKeys.parse(List.of("alice:" + ALICE_HASH, "alice:" + ALICE_HASH))).getMessage());
        assertEquals("shortener.auth.api-keys entry 1 ('anonymous'): the name 'anonymous' is reserved",
                assertThrows(IllegalStateException.class,
                        () -> ApiKeys.parse(List.of("anonymous:" + ALICE_HASH))).getMessage());
    }

    @Test
    void toStringShowsNoUsableHash() {
        ApiKey key = ApiKeys.parse(List.of("alice:" + ALICE_HASH)).get(0);

        assertFalse(key.toString().contains(ALICE_HASH), key.toString());
    }

    @Test
    void rateLimiterCountsDownPerKeyAndSaysWhenToRetry() {
        RateLimiter limiter = new RateLimiter(TestConfig.shortener(Map.of("shortener.auth.rate-limit", "2",
                "shortener.auth.rate-period", "1h")));

        RateLimiter.Decision first = limiter.take("alice").orElseThrow();
        RateLimiter.Decision second = limiter.take("alice").orElseThrow();
        RateLimiter.Decision third = limiter.take("alice").orElseThrow();

        assertEquals(new RateLimiter.Decision(true, 2, 1, first.resetSeconds(), 0), first);
        assertTrue(second.allowed());
        assertEquals(0, second.remaining());
        assertFalse(third.allowed());
        // One request is refilled every 30 minutes.
        assertTrue(third.retryAfterSeconds() > 1700 && third.retryAfterSeconds() <= 1800, third.toString());
        assertTrue(limiter.take("bob").orElseThrow().allowed(), "each key has its own bucket");
        assertEquals(Optional.empty(), new RateLimiter(TestConfig.shortener(Map.of())).take("alice"));
    }
}
