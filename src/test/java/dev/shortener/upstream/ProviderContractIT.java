package dev.shortener.upstream;

import java.util.Map;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The providers' golden-file contract against the packaged application (prod profile), whose worker processes are
 * started from the jar: the credentials the prod profile lacks come from this profile.
 */
@QuarkusIntegrationTest
@TestProfile(ProviderContractIT.Credentials.class)
class ProviderContractIT extends ProviderContractTest {

    /** Every provider's credential, as a deployment's Secret would give them. */
    public static class Credentials implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.tinyurl.token", "it-token",
                    "shortener.bitly.token", "it-bitly-token",
                    "shortener.shlink.api-key", "it-shlink-key",
                    "shortener.kutt.api-key", "it-kutt-key",
                    "shortener.yourls.signature", "it-yourls-signature");
        }
    }
}
