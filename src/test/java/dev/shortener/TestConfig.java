package dev.shortener;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.shortener.config.ShortenerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidatorImpl;

/** The real {@link ShortenerConfig} mapping built from given values, for tests that need no running service. */
public final class TestConfig {

    private TestConfig() {
    }

    /**
     * A config with the service's defaults, {@code values} on top, and the REST client pools (global and per client) and
     * TinyURL/httpbin URLs of application.properties (other providers have none unless given).
     */
    public static SmallRyeConfig config(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("quarkus.rest-client.connection-pool-size", "1000");
        for (String client : new String[] { "tinyurl", "tinyurl-legacy", "httpbin" }) {
            all.putIfAbsent("quarkus.rest-client." + client + ".connection-pool-size", "1000");
            all.putIfAbsent("quarkus.rest-client." + client + ".url", "https://" + client + ".invalid");
        }
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // expands ${...} as Quarkus does (the alias defaults use it)
                .withMapping(ShortenerConfig.class)
                // Quarkus' own Duration format ("200ms", "10s"), which plain SmallRye does not read.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 500))
                // The mapping's constraints, as Quarkus (hibernate-validator) checks them at start-up.
                .withValidator(new BeanValidationConfigValidatorImpl())
                .build();
    }

    /** The mapping of {@link #config(Map)}. */
    public static ShortenerConfig shortener(Map<String, String> values) {
        return config(values).getConfigMapping(ShortenerConfig.class);
    }
}
