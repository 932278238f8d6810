package dev.shortener;

import dev.shortener.api.OpenApiTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The OpenAPI document of the packaged application. */
@QuarkusIntegrationTest
class OpenApiIT extends OpenApiTest {
}
