package dev.shortener;

import dev.shortener.upstream.RetryTest;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Retries, once-per-URL and the wording of upstream errors, against the packaged application. */
@QuarkusIntegrationTest
class RetryIT extends RetryTest {
}
