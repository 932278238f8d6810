package dev.shortener.upstream;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Parses an HTTP {@code Retry-After} header: delta-seconds or an HTTP date. */
final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait it asks for, or null when absent or unreadable. */
    static Duration parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
