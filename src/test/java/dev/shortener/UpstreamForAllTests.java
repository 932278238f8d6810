package dev.shortener;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Starts {@link WireMockUpstreamResource} for every {@code @QuarkusTest} and integration test, and gives each a free
 * management port ({@link ManagementPortResource}).
 */
@WithTestResource(value = WireMockUpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ManagementPortResource.class, scope = TestResourceScope.GLOBAL)
public class UpstreamForAllTests {
}
