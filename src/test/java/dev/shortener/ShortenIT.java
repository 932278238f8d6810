package dev.shortener;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.shortener.api.ShortenResourceTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Every POST /shorten contract test again, against the packaged application (prod profile; native with -Dnative). */
@QuarkusIntegrationTest
class ShortenIT extends ShortenResourceTest {

    @Test
    void healthIsUpOnTheManagementInterfaceOnly() {
        request().get("/q/health/ready")
                .then().statusCode(404);
        request().get(ManagementPortResource.url("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void startingWithoutApiKeysInProdWarnsInTheLog() throws IOException {
        // The integration-test launcher writes the packaged application's log here.
        String log = Files.readString(Path.of("target/quarkus.log"));

        assertTrue(log.contains("WARN") && log.contains("shortener.auth.api-keys is not set"), log);
    }
}
