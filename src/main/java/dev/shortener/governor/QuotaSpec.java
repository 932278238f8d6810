package dev.shortener.governor;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * A quota setting, {@code N/period}: at most {@code limit} calls per {@code period}; periods are aligned on the epoch
 * (a {@code 1d} period starts at midnight UTC, a {@code 10s} one at a multiple of ten seconds), so that every replica
 * counts in the same period.
 */
public record QuotaSpec(long limit, Duration period) {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d*)\\s*([smhd])\\s*");

    /** Checks the values. */
    public QuotaSpec {
        if (limit < 1 || period.toMillis() < 1000) {
            throw new IllegalArgumentException("a quota needs at least 1 call per at least 1s, got " + limit + "/"
                    + period);
        }
    }

    /** Parses {@code 50/1d}, {@code 1000/1h}, {@code 100/10s} or {@code 20/m} (units s, m, h, d). */
    public static QuotaSpec parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("quota '" + text + "' is not N/period: write e.g. 50/1d, 1000/1h, "
                    + "100/10s (units s, m, h, d)");
        }
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        try {
            return new QuotaSpec(Long.parseLong(m.group(1)), unit.multipliedBy(amount));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("quota '" + text + "' is out of range", e);
        }
    }

    /** The start of the period holding {@code epochMillis}, in epoch milliseconds. */
    public long periodStart(long epochMillis) {
        return Math.floorDiv(epochMillis, period.toMillis()) * period.toMillis();
    }

    /** The end of the period holding {@code epochMillis}. */
    public Instant periodEnd(long epochMillis) {
        return Instant.ofEpochMilli(periodStart(epochMillis) + period.toMillis());
    }

    /** The config converter of {@code shortener.upstream.providers.<id>.quota}: a bad value fails start-up. */
    public static final class Parser implements Converter<QuotaSpec> {
        @Override
        public QuotaSpec convert(String value) {
            return parse(value);
        }
    }
}
