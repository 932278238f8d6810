package dev.shortener;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Starts {@link WireMockUpstreamResource} for every {@code @QuarkusTest} and integration test, and gives each a free
 * management port ({@link ManagementPortResource}).
 */
@QuarkusTestResource(WireMockUpstreamResource.class)
@QuarkusTestResource(ManagementPortResource.class)
public class UpstreamForAllTests {
}
