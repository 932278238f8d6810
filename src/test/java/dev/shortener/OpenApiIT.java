package dev.shortener;

import dev.shortener.api.OpenApiTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The OpenAPI document the packaged application serves is the contract. */
@QuarkusIntegrationTest
class OpenApiIT extends OpenApiTest {
}
