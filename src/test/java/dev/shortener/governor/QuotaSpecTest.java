package dev.shortener.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.shortener.TestConfig;
import dev.shortener.config.ShortenerConfig;
import io.smallrye.config.ConfigValidationException;

/** Quota settings and the per-replica count of the embedded store. */
class QuotaSpecTest {

    @Test
    void parsesCountsPerPeriod() {
        assertEquals(new QuotaSpec(50, Duration.ofDays(1)), QuotaSpec.parse("50/1d"));
        assertEquals(new QuotaSpec(1000, Duration.ofHours(1)), QuotaSpec.parse("1000/1h"));
        assertEquals(new QuotaSpec(100, Duration.ofSeconds(10)), QuotaSpec.parse("100/10s"));
        assertEquals(new QuotaSpec(20, Duration.ofMinutes(1)), QuotaSpec.parse(" 20 / m "));
    }

    @Test
    void aBadValueSaysWhatIsExpected() {
        for (String bad : new String[] { "", "50", "50/", "50/1w", "-1/1d", "x/1d", "0/1d", "5/0s", "1/1s/2" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuotaSpec.parse(bad),
                    bad);
            assertTrue(e.getMessage().contains("quota"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QuotaSpec.parse("50/1w")).getMessage()
                .contains("50/1d, 1000/1h, 100/10s"));
        assertThrows(IllegalArgumentException.class, () -> QuotaSpec.parse("99999999999999999999/1d"));
    }

    @Test
    void periodsLieOnTheEpochGrid() {
        QuotaSpec daily = QuotaSpec.parse("50/1d");
        long noon = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();
        assertEquals(Instant.parse("2026-12-07T00:00:00Z").toEpochMilli(), daily.periodStart(noon));
        assertEquals(Instant.parse("2026-12-08T00:00:00Z"), daily.periodEnd(noon));
        QuotaSpec tens = QuotaSpec.parse("100/10s");
        assertEquals(Instant.parse("2026-12-07T12:00:10Z"), tens.periodEnd(noon + 9_999));
        assertEquals(Instant.parse("2026-12-07T12:00:20Z"), tens.periodEnd(noon + 10_000));
    }

    @Test
    void aLocalQuotaCountsUpToTheLimitThenWaitsForTheNextPeriod() {
        long[] now = { Instant.parse("2026-12-07T12:00:01Z").toEpochMilli() };
        LocalQuota quota = new LocalQuota(QuotaSpec.parse("3/10s"), () -> now[0]);
        assertTrue(quota.tryTake());
        assertTrue(quota.tryTake());
        assertTrue(quota.tryTake());
        assertFalse(quota.tryTake());
        assertEquals(Instant.parse("2026-12-07T12:00:10Z"), quota.exhaustedUntil().orElseThrow());
        assertEquals(Duration.ofSeconds(9).toNanos(), quota.retryInNanos());
        assertEquals(0, quota.remaining());
        now[0] += 9_000;
        assertEquals(3, quota.remaining());
        assertTrue(quota.tryTake());
        assertTrue(quota.exhaustedUntil().isEmpty());
    }

    @Test
    void aBadQuotaSettingStopsStartUpNamingTheSettingAndTheFormat() {
        ConfigValidationException refusal = assertThrows(ConfigValidationException.class,
                () -> TestConfig.config(Map.of("shortener.upstream.providers.bitly.quota", "50 per day"))
                        .getConfigMapping(ShortenerConfig.class));
        String message = refusal.getProblem(0).getMessage();
        assertTrue(message.contains("shortener.upstream.providers.bitly.quota"), message);
        assertTrue(message.contains("50/1d, 1000/1h, 100/10s"), message);
        assertEquals(QuotaSpec.parse("50/1d"), TestConfig.config(Map.of("shortener.upstream.providers.bitly.quota",
                "50/1d")).getConfigMapping(ShortenerConfig.class).upstream().providers().get("bitly").quota()
                .orElseThrow());
    }
}
