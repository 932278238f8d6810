package dev.shortener.store;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service with no job store at all (no PostgreSQL URL, the embedded database off, as in a native
 * executable) refuses to start and names the setting to fix.
 */
class NoJobStoreIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void withoutAnyJobStoreTheServiceRefusesToStartNamingTheDatasourceUrl(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("service.log");
        Process service = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dquarkus.management.port=0", "-Dshortener.data-dir=" + dir,
                "-Dquarkus.datasource.\"embedded\".active=false", "-jar", JAR.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service did not stop: " + Files.readString(log));
            String output = Files.readString(log);
            assertNotEquals(0, service.exitValue(), output);
            assertTrue(output.contains("No job store: set QUARKUS_DATASOURCE_JDBC_URL to a PostgreSQL database"),
                    output);
        } finally {
            service.destroyForcibly();
        }
    }
}
