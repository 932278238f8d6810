package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Choosing a provider per request: an unknown id or one that is not configured is a 400 problem naming what to set,
 * the default applies without {@code ?provider=}, and no credential reaches the log on failure paths.
 */
@QuarkusTest
@TestProfile(ProviderChoiceTest.KuttWithoutKey.class)
class ProviderChoiceTest {

    static final List<String> SECRETS = List.of("choice-tinyurl-token", "choice-bitly-token", "choice-shlink-key",
            "choice-yourls-signature");

    /** Kutt has a URL but no key; every other credential is a recognisable value. */
    public static class KuttWithoutKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.kutt.api-key", "",
                    "shortener.tinyurl.token", SECRETS.get(0),
                    "shortener.bitly.token", SECRETS.get(1),
                    "shortener.shlink.api-key", SECRETS.get(2),
                    "shortener.yourls.signature", SECRETS.get(3));
        }
    }

    final List<String> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters())
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    WireMock wiremock;

    @BeforeEach
    void captureLogs() {
        wiremock = WireMockUpstreamResource.freshClient();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void anUnknownProviderIsA400NamingTheValidOnes() {
        request().contentType("text/plain").body("https://example.com/\n")
                .post("/shorten?provider=goo.gl")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("unknown provider 'goo.gl' in query parameter 'provider'"))
                .body("detail", containsString("tinyurl-bulk, isgd, vgd, bitly, shlink, kutt, yourls"));
    }

    @Test
    void aProviderWithoutItsKeyIsA400NamingTheSetting() {
        request().contentType("text/plain").body("https://example.com/\n")
                .post("/shorten?provider=kutt")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("provider kutt needs shortener.kutt.api-key (env SHORTENER_KUTT_API_KEY)"));
    }

    @Test
    void withoutAProviderParameterTheDefaultShortensAndIsNamed() {
        request().contentType("text/plain").body("https://example.com/default\n")
                .post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Provider", "tinyurl-legacy");
    }

    @Test
    void failingCallsOfEveryProviderLogNoCredential() {
        // Every upstream refuses; the processes model also ships the settings (credentials included) to its workers.
        wiremock.register(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"Unauthorized.\"}")));
        for (String provider : List.of("tinyurl", "bitly", "shlink", "yourls", "tinyurl-bulk")) {
            for (String model : List.of("async", "processes")) {
                if (provider.equals("tinyurl-bulk") && model.equals("processes")) {
                    continue;
                }
                request().contentType("text/plain").body("https://example.com/secret-test\n")
                        .post("/shorten?provider=" + provider + "&model=" + model)
                        .then().statusCode(200)
                        .header("X-Shortener-Failed", "1");
            }
        }
        request().contentType("text/plain").body("https://example.com/\n").post("/shorten?provider=kutt")
                .then().statusCode(400);

        // The failure path did log: the refusals, naming the setting to check.
        assertTrue(logged.stream().anyMatch(line -> line.contains("shortener.bitly.token")), "not logged: " + logged);
        assertTrue(logged.stream().anyMatch(line -> line.contains("shortener.yourls.signature")), "not logged: "
                + logged);
        for (String secret : SECRETS) {
            assertFalse(logged.stream().anyMatch(line -> line.contains(secret)), secret + " logged: " + logged);
        }
    }
}
