package dev.shortener;

import dev.shortener.api.JobResourceTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Every /jobs contract test again, against the packaged application (prod profile) and its PostgreSQL database. */
@QuarkusIntegrationTest
class JobsIT extends JobResourceTest {
}
