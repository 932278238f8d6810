package dev.shortener.execution.processes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.shortener.config.Provider;
import dev.shortener.upstream.Endpoint;
import dev.shortener.upstream.ProviderSettings;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamSettings;

/**
 * A real worker process, given settings that hold a TinyURL token, on its failure paths: whatever it prints (stdout
 * protocol and stderr, which the service's log inherits) never contains the token.
 */
class WorkerSecretsTest {

    private static final String TOKEN = "SECRET-TOKEN-7f3a9c";
    private static final String JVM_OPTIONS = "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private static WireMockServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                .usingFilesUnderDirectory("src/test/resources/wiremock").globalTemplating(true));
        upstream.start();
        // TinyURL refuses this token (the file stubs accept any bearer token).
        upstream.stubFor(post(urlPathEqualTo("/create")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": [], \"code\": 1, \"errors\": [\"Unauthenticated.\"]}")));
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @Test
    void anUnreadableSettingsLineIsReportedWithoutItsCredentials() throws Exception {
        // Cut short, as a broken pipe would: not JSON any more, and full of other providers' secrets.
        Result result = run("{\"provider\":\"bitly\",\"options\":{\"bitly.token\":\"s3cret-bitly-token\","
                + "\"yourls.signature\":\"s3cret-sig\"", null);

        assertEquals(1, result.exitCode);
        assertTrue(result.stderr.contains("the settings line from the service is not valid"), result.stderr);
        assertFalse(result.stderr.contains("s3cret"), result.stderr);
    }

    @Test
    void unreadableSettingsLineIsReportedWithoutItsContent() throws Exception {
        // Unquoted, so that a JSON parser's own message would quote it ("Unrecognized token 'SECRET...'").
        Result result = run("{\"provider\": \"tinyurl\", \"token\": " + TOKEN + "}", null);

        assertEquals(1, result.exitCode);
        assertTrue(result.stderr.contains("the settings line from the service is not valid"), result.stderr);
        assertTrue(result.stderr.contains("not JSON at column"), result.stderr);
        assertFalse(result.stderr.contains(TOKEN), result.stderr);
        assertFalse(result.stderr.contains("SECRET"), "not even part of the token: " + result.stderr);
        assertFalse(result.stdout.contains("SECRET"), result.stdout);
    }

    @Test
    void unknownProviderInTheSettingsIsReportedWithoutTheToken() throws Exception {
        Result result = run("{\"provider\": \"nope\", \"token\": \"" + TOKEN + "\"}", null);

        assertEquals(1, result.exitCode);
        assertTrue(result.stderr.contains("unknown provider 'nope'"), result.stderr);
        assertFalse(result.stderr.contains(TOKEN), result.stderr);
    }

    @Test
    void upstream401IsAnErrorRowThatDoesNotCarryTheToken() throws Exception {
        String base = "http://127.0.0.1:" + upstream.port();
        UpstreamSettings settings = new UpstreamSettings(Provider.TINYURL,
                Map.of("tinyurl", new Endpoint("tinyurl", URI.create(base), 50, Duration.ofSeconds(2),
                        Duration.ofSeconds(2))),
                new ProviderSettings(TOKEN, "tinyurl.com", null, null, null, null, null, null),
                Duration.ofSeconds(2), 3, Duration.ofMillis(10), Duration.ofMillis(50));

        Result result = run(settings.toJson(),
                WorkerProtocol.task(1, UpstreamCall.shorten(Provider.TINYURL, "https://example.com/secret-401", null), 1));

        assertNotNull(result.outcome, "no outcome line; stderr: " + result.stderr);
        assertEquals(401, result.outcome.path("status").asInt());
        assertTrue(result.outcome.path("reason").asText().contains("401"), result.outcome.toString());
        assertFalse(result.stdout.contains(TOKEN), result.stdout);
        assertFalse(result.stderr.contains(TOKEN), result.stderr);
        assertFalse(settings.toString().contains(TOKEN), "UpstreamSettings.toString() shows the token");
    }

    private record Result(int exitCode, String stdout, String stderr, JsonNode outcome) {
    }

    /** Starts a worker, sends the settings line (and one task), waits for its outcome, closes stdin. */
    private static Result run(String settingsLine, String task) throws Exception {
        Process worker = new ProcessBuilder(WorkerLauncher.command(JVM_OPTIONS)).start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(worker.getErrorStream()));
        StringBuilder stdout = new StringBuilder();
        JsonNode outcome = null;
        try (Writer in = new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
                BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                        StandardCharsets.UTF_8))) {
            in.write(settingsLine + "\n");
            in.flush();
            if (task != null) {
                in.write(task + "\n");
                in.flush();
                String line;
                while ((line = out.readLine()) != null) {
                    stdout.append(line).append('\n');
                    JsonNode json = WorkerProtocol.parse(line);
                    if (json.has("value") || json.has("error")) {
                        outcome = json;
                        break;
                    }
                }
            }
        } catch (IOException closedByTheWorker) {
            // A worker that refused its settings has exited; its output says why.
        }
        assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker did not exit when its stdin closed");
        stdout.append(readAll(worker.getInputStream()));
        return new Result(worker.exitValue(), stdout.toString(), stderr.get(60, TimeUnit.SECONDS), outcome);
    }

    private static String readAll(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
