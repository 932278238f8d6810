package dev.shortener;

import io.quarkus.test.common.QuarkusTestResource;

/** Starts {@link PostgresDatabaseResource} for every {@code @QuarkusTest} and integration test. */
@QuarkusTestResource(PostgresDatabaseResource.class)
public class PostgresForAllTests {
}
