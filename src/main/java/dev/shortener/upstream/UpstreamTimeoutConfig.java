package dev.shortener.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Makes {@code shortener.upstream-timeout} the transport's timeout: {@code quarkus.rest-client.read-timeout} (in
 * milliseconds, the default of every endpoint, see {@link Endpoint}) follows it, so that there is one setting and the
 * transport enforces it on the provider's event loop. An explicit {@code quarkus.rest-client[.<key>].read-timeout} still wins: this source's ordinal is
 * below every file and the environment.
 */
public final class UpstreamTimeoutConfig implements ConfigSourceFactory {

    static final String TIMEOUT = "shortener.upstream-timeout";
    static final String READ_TIMEOUT = "quarkus.rest-client.read-timeout";
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // Set or not, the value is there: ShortenerConfig#upstreamTimeout's @WithDefault is a default value source.
        ConfigValue configured = context.getValue(TIMEOUT);
        if (configured == null || configured.getValue() == null) {
            return List.of();
        }
        String timeout = configured.getValue();
        return List.of(new MapBackedConfigSource("shortener.upstream-timeout as the transport's read-timeout",
                Map.of(READ_TIMEOUT, String.valueOf(millis(timeout))), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** {@code timeout} (e.g. {@code 10s}, {@code 500ms}, {@code PT2S}) in whole milliseconds, at least 1. */
    static long millis(String timeout) {
        Duration duration = DurationConverter.parseDuration(timeout.trim());
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(TIMEOUT + " must be positive, got '" + timeout + "'");
        }
        return Math.max(1, duration.toMillis());
    }
}
