package dev.shortener.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** shortener.upstream-timeout in the REST clients' unit, milliseconds. */
class UpstreamTimeoutConfigTest {

    @Test
    void durationsBecomeMilliseconds() {
        assertEquals(10_000, UpstreamTimeoutConfig.millis(UpstreamTimeoutConfig.DEFAULT));
        assertEquals(2_000, UpstreamTimeoutConfig.millis("2s"));
        assertEquals(500, UpstreamTimeoutConfig.millis("500ms"));
        assertEquals(1_500, UpstreamTimeoutConfig.millis("PT1.5S"));
        assertEquals(1, UpstreamTimeoutConfig.millis("PT0.0001S"), "never 0, which would mean no timeout");
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> UpstreamTimeoutConfig.millis("0s"));
        assertThrows(IllegalArgumentException.class, () -> UpstreamTimeoutConfig.millis("-1s"));
    }
}
