package dev.shortener;

import io.quarkus.test.common.QuarkusTestResource;

/** Starts {@link WireMockUpstreamResource} for every {@code @QuarkusTest} and integration test. */
@QuarkusTestResource(WireMockUpstreamResource.class)
public class UpstreamForAllTests {
}
