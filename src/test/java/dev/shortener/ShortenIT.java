package dev.shortener;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.equalTo;

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
}
