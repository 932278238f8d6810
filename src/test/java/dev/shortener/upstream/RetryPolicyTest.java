package dev.shortener.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.shortener.TestConfig;

/** The retry policy, the TinyURL and httpbin providers' answer reading, and Retry-After parsing, as plain functions. */
class RetryPolicyTest {

    private static final ShortenerProvider LEGACY = new TinyUrlLegacy();
    private static final ShortenerProvider V2 = new TinyUrl(new ProviderSettings("token", "tinyurl.com", null, null,
            null, null, null, null));
    private static final ShortenerProvider HTTPBIN = new HttpBin();
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), 0.5);

    @Test
    void retryableAttemptsAreRetriedUntilTheLastAttempt() {
        assertTrue(policy.shouldRetry(Attempt.retryableStatus(503, "", null, 1)));
        assertTrue(policy.shouldRetry(Attempt.retryableStatus(503, "", null, 2)));
        assertFalse(policy.shouldRetry(Attempt.retryableStatus(503, "", null, 3)));
        assertFalse(policy.shouldRetry(Attempt.rejected(400, "upstream 400", 1)));
        assertFalse(policy.shouldRetry(Attempt.success("https://tinyurl.com/x", 200, 1)));
        assertEquals(2, policy.maxRetries());
    }

    @Test
    void theConfiguredPolicyIsRead() {
        RetryPolicy configured = RetryPolicy.of(TestConfig.shortener(Map.of("shortener.retry.max-attempts", "4",
                "shortener.retry.initial-backoff", "50ms", "shortener.retry.max-backoff", "2s")));
        assertEquals(new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(2), RetryPolicy.JITTER), configured);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ZERO, Duration.ofMillis(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ofMillis(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofMillis(2), Duration.ofMillis(1), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), -0.1));
        assertEquals(1, new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 1).maxAttempts());
        assertEquals(0, new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 0).maxRetries());
    }

    @Test
    void the429And5xxAnswersAreRetryableWithTheirRetryAfter() {
        Attempt limited = LEGACY.read(429, "slow down", "2", 1);
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(2), limited.retryAfter());
        assertEquals("429 slow down", limited.reason());
        Attempt busy = LEGACY.read(500, "", null, 2);
        assertTrue(busy.retryable());
        assertNull(busy.retryAfter());
        assertEquals("500", busy.reason());
        assertEquals(2, busy.number());
        Attempt gateway = LEGACY.read(599, "", null, 1);
        assertTrue(gateway.retryable());
    }

    @Test
    void otherAnswersAreFinal() {
        Attempt rejected = LEGACY.read(400, "Error", null, 1);
        assertFalse(rejected.retryable());
        assertEquals("upstream 400: Error", rejected.reason());
        Attempt v2 = V2.read(422, "{\"errors\":[\"Alias taken\"]}", null, 1);
        assertEquals("upstream 422: Alias taken", v2.reason());
        Attempt html = LEGACY.read(404, "<html>nope</html>", null, 1);
        assertEquals("upstream 404", html.reason());
        Attempt redirect = LEGACY.read(302, "", null, 1);
        assertFalse(redirect.retryable());
    }

    @Test
    void successNeedsALink() {
        Attempt ok = LEGACY.read(200, " https://tinyurl.com/x \n", null,
                1);
        assertTrue(ok.ok());
        assertEquals("https://tinyurl.com/x", ok.value());
        Attempt v2 = V2.read(201,
                "{\"data\":{\"tiny_url\":\"https://tinyurl.com/y\"}}", null, 1);
        assertEquals("https://tinyurl.com/y", v2.value());
        Attempt notALink = LEGACY.read(200, "Error", null, 1);
        assertFalse(notALink.ok());
        assertFalse(notALink.retryable());
        assertEquals("upstream returned no short URL: Error", notALink.reason());
        Attempt uuid = HTTPBIN.read(200,
                "{\"uuid\":\"abc\"}", null, 1);
        assertEquals("abc", uuid.value());
        Attempt noUuid = HTTPBIN.read(200, "{}", null, 1);
        assertEquals("upstream returned no uuid: {}", noUuid.reason());
    }

    @Test
    void outcomesSayHowManyAttemptsFailed() {
        assertEquals("upstream failed after 1 attempt: 503 busy",
                Attempt.retryableStatus(503, "busy", null, 1).toOutcome(5).error());
        assertEquals("upstream failed after 3 attempts: 503",
                Attempt.retryableStatus(503, "", null, 3).toOutcome(5).error());
        CallOutcome rejected = Attempt.rejected(400, "upstream 400", 2).toOutcome(7);
        assertEquals("upstream 400", rejected.error());
        assertEquals(2, rejected.attempts());
        assertEquals(7, rejected.latencyNanos());
        assertEquals(400, rejected.status());
        CallOutcome ok = Attempt.success("https://tinyurl.com/x", 200, 2).toOutcome(9);
        assertTrue(ok.ok());
        assertEquals("https://tinyurl.com/x", ok.value());
        assertEquals(ProcessHandle.current().pid(), ok.pid());
        assertEquals("worker died", Attempt.failedWithoutAnswer("worker died", 1).toOutcome(1).error());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofSeconds(2), RetryAfter.parse(" 2 "));
        assertEquals(Duration.ZERO, RetryAfter.parse("0"));
        assertNull(RetryAfter.parse("-1"));
        assertNull(RetryAfter.parse(null));
        assertNull(RetryAfter.parse(" "));
        assertNull(RetryAfter.parse("soon"));
        assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT"));
        Duration future = RetryAfter.parse(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30)));
        assertTrue(future.compareTo(Duration.ofSeconds(25)) > 0 && future.compareTo(Duration.ofSeconds(31)) < 0,
                String.valueOf(future));
    }
}
