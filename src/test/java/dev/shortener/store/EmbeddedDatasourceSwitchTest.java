package dev.shortener.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Which datasource is active for which settings: the embedded one exactly when PostgreSQL is not configured. */
class EmbeddedDatasourceSwitchTest {

    private static final String EMBEDDED_ACTIVE = "quarkus.datasource.\"embedded\".active";

    @Test
    void embeddedIsActiveWithoutADatasourceUrl() {
        assertEquals(true, embeddedActive(Map.of()));
        assertEquals(true, embeddedActive(Map.of("quarkus.datasource.jdbc.url", "")));
    }

    @Test
    void embeddedIsInactiveOnceAPostgresUrlIsSet() {
        assertEquals(false, embeddedActive(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/jobs")));
    }

    @Test
    void switchingTheDefaultDatasourceOffActivatesTheEmbeddedOne() {
        assertEquals(true, embeddedActive(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/jobs",
                "quarkus.datasource.active", "false")));
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals(false, embeddedActive(Map.of(EMBEDDED_ACTIVE, "false")));
    }

    @Test
    void aNativeExecutableNeverActivatesTheEmbeddedOne() {
        assertEquals(false, embeddedActive(Map.of(), true));
        assertEquals(false, embeddedActive(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/jobs"), true));
    }

    private static boolean embeddedActive(Map<String, String> values) {
        return embeddedActive(values, false);
    }

    private static boolean embeddedActive(Map<String, String> values, boolean nativeImage) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new EmbeddedDatasourceSwitch(nativeImage))
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return config.getValue(EMBEDDED_ACTIVE, Boolean.class);
    }
}
