package dev.shortener.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * One application for the tests of API keys whose settings do not touch each other's behaviour: ApiKeyTest's three
 * keys (one admin) with a small per-key rate that only its rate test exhausts (its own key), and SecretsNotLoggedTest's
 * key (one request per model, within that rate), provider tinyurl with a token the stub upstream refuses while that
 * test runs, and debug logging for our packages. Each key counts its own requests, so no test spends another's.
 */
public class ApiKeysProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("shortener.auth.api-keys", "alice:" + ApiKeyTest.hash(ApiKeyTest.ALICE) + ",root:"
                + ApiKeyTest.hash(ApiKeyTest.ROOT) + ":admin,burst:" + ApiKeyTest.hash(ApiKeyTest.BURST) + ",ci:"
                + ApiKeyTest.hash(SecretsNotLoggedTest.KEY),
                "shortener.auth.rate-limit", String.valueOf(ApiKeyTest.RATE), "shortener.auth.rate-period", "1h",
                "shortener.provider", "tinyurl", "shortener.tinyurl.token", SecretsNotLoggedTest.TOKEN,
                "quarkus.log.category.\"dev.shortener\".level", "DEBUG");
    }
}
