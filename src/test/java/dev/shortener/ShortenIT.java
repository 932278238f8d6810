package dev.shortener;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;

import org.junit.jupiter.api.Test;

import dev.shortener.api.ShortenResourceTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Every POST /shorten contract test again, against the packaged application (prod profile; native with -Dnative). */
@QuarkusIntegrationTest
class ShortenIT extends ShortenResourceTest {

    // On the management interface, whose URL ends in its root path (/q) already.
    @TestHTTPResource(value = "/health/ready", management = true)
    URL health;

    @Test
    void healthIsUp() {
        request().get(health)
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
