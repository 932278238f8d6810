package dev.shortener.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.shortener.config.ShortenerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** shortener.upstream-timeout in the REST clients' unit, milliseconds. */
class UpstreamTimeoutConfigTest {

    @Test
    void durationsBecomeMilliseconds() {
        assertEquals(10_000, UpstreamTimeoutConfig.millis("10s"));
        assertEquals(2_000, UpstreamTimeoutConfig.millis("2s"));
        assertEquals(500, UpstreamTimeoutConfig.millis("500ms"));
        assertEquals(1_500, UpstreamTimeoutConfig.millis("PT1.5S"));
        assertEquals(1, UpstreamTimeoutConfig.millis("PT0.0001S"), "never 0, which would mean no timeout");
    }

    @Test
    void withoutASettingTheClientsTakeTheMappingsDefault() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(ShortenerConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new UpstreamTimeoutConfig()).build();

        assertEquals(10_000, config.getValue(UpstreamTimeoutConfig.READ_TIMEOUT, Long.class),
                "the @WithDefault of shortener.upstream-timeout, in milliseconds");
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> UpstreamTimeoutConfig.millis("0s"));
        assertThrows(IllegalArgumentException.class, () -> UpstreamTimeoutConfig.millis("-1s"));
    }
}
