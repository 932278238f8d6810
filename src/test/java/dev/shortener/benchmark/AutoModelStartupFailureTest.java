package dev.shortener.benchmark;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.shortener.EmbeddedOneSlotProfile;
import dev.shortener.config.ModelName;
import dev.shortener.execution.AutoChoice;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(EmbeddedOneSlotProfile.class)
class AutoModelStartupFailureTest {

    @Inject
    BenchmarkService benchmarks;

    @Inject
    AutoChoice autoChoice;

    @Test
    void failedStartupBenchmarkLeavesAsyncInPlace() throws InterruptedException {
        Awaitility.await("the start-up benchmark to finish").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !benchmarks.running() && benchmarks.latest().isPresent());
        assertTrue(benchmarks.latest().isPresent(), "the start-up benchmark did not finish");
        assertEquals(ModelName.ASYNC, autoChoice.current());

        given().when().get("/benchmark/latest")
                .then().statusCode(200)
                .body("fastest", nullValue())
                .body("results.errors", everyItem(greaterThan(0)));
        given().contentType("text/plain; charset=UTF-8").body("https://example.com/a\n")
                .when().post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Model", equalTo("async"));
    }
}
