package dev.shortener;

import dev.shortener.api.MetricsTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Prometheus metrics of the packaged application. */
@QuarkusIntegrationTest
class MetricsIT extends MetricsTest {
}
