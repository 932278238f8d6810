package dev.shortener.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The service's log (every logger, debug included for our packages) and its answers on failure paths: an upstream
 * that refuses the TinyURL token (401) in every model, and a caller with a wrong API key. Neither secret appears.
 */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
class SecretsNotLoggedTest {

    static final String TOKEN = "SECRET-TINYURL-TOKEN-d41d8c";
    static final String KEY = "SECRET-API-KEY-0cc175";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            logged.add(record.getLoggerName() + " " + message);
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                logged.add(trace.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private WireMock wiremock;

    @BeforeEach
    void captureLog() {
        // TinyURL refuses this token (the file stubs accept any bearer token).
        wiremock = WireMockUpstreamResource.freshClient();
        wiremock.register(post(urlPathEqualTo("/create")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": [], \"code\": 1, \"errors\": [\"Unauthenticated.\"]}")));
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
        wiremock.resetToDefaultMappings();
    }

    @ParameterizedTest
    @ValueSource(strings = { "sync", "threads", "async", "virtual-threads", "processes" })
    void upstreamRefusingTheTokenLogsNeitherTokenNorKey(String model) {
        request().header("Authorization", "Bearer " + KEY).contentType("text/plain")
                .body("https://example.com/refused\n")
                .post("/shorten?model=" + model)
                .then().statusCode(200)
                .header("X-Shortener-Failed", "1")
                .body(containsString("401"))
                .body(not(containsString(TOKEN)))
                .body(not(containsString(KEY)));

        assertSecretsAbsent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Bearer " + TOKEN, "Bearer " + KEY + "x", "Basic " + KEY })
    void wrongCredentialsAreRefusedWithoutEchoingThem(String authorization) {
        request().header("Authorization", authorization).contentType("text/plain").body("https://example.com/a\n")
                .post("/shorten")
                .then().statusCode(401)
                .body(not(containsString("SECRET")));

        assertSecretsAbsent();
    }

    private void assertSecretsAbsent() {
        assertTrue(logged.stream().noneMatch(line -> line.contains(TOKEN)), () -> "token logged: " + logged);
        assertFalse(logged.stream().anyMatch(line -> line.contains(KEY)), () -> "API key logged: " + logged);
        assertFalse(logged.stream().anyMatch(line -> line.contains("SECRET")), () -> "secret logged: " + logged);
    }
}
