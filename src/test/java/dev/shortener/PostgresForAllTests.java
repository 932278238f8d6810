package dev.shortener;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Starts {@link PostgresDatabaseResource} for every {@code @QuarkusTest} and integration test. */
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL)
public class PostgresForAllTests {
}
