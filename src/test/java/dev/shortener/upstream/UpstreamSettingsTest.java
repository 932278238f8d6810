package dev.shortener.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.config.Provider;

/** The settings the workers get: the same record back from their JSON line, and no credential in a log line. */
class UpstreamSettingsTest {

    private static final ProviderSettings PROVIDERS = new ProviderSettings("tiny-s3cret", "t.example", "bitly-s3cret",
            "b.example", "G1", "shlink-s3cret", "kutt-s3cret", "yourls-s3cret");
    private static final UpstreamSettings SETTINGS = new UpstreamSettings(Provider.BITLY,
            Map.of("bitly", new Endpoint("bitly", URI.create("http://127.0.0.1:1/v"), 7, Duration.ofMillis(1500),
                    Duration.ofSeconds(9))),
            PROVIDERS, Duration.ofSeconds(3), 4, Duration.ofMillis(20), Duration.ofSeconds(2));

    @Test
    void theWorkersReadBackExactlyTheSettingsTheServiceWrote() throws Exception {
        UpstreamSettings read = UpstreamSettings.fromJson(new ObjectMapper().readTree(SETTINGS.toJson()));

        assertEquals(SETTINGS, read);
        assertEquals(Duration.ofMillis(1500), read.connectTimeout());
    }

    @Test
    void toStringNamesTheCredentialsThatAreSetWithoutTheirValues() {
        String printed = SETTINGS.toString();

        assertFalse(printed.contains("s3cret"), printed);
        assertTrue(printed.contains("bitly.token"), printed);
        assertFalse(new ProviderSettings(null, "tinyurl.com", null, null, null, null, null, null).toString()
                .contains("token"));
    }
}
