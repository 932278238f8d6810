package dev.shortener.benchmark;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.shortener.AutoWebhooksProfile;
import dev.shortener.execution.AutoChoice;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(AutoWebhooksProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoModelTest {

    @Inject
    BenchmarkService benchmarks;

    @Inject
    AutoChoice autoChoice;

    @Test
    @Order(1)
    void theStartupBenchmarkPointsAutoAtItsFastestErrorFreeModel() throws InterruptedException {
        BenchmarkResult startup = awaitStartupBenchmark();
        assertEquals(2, startup.requests());
        assertEquals(1, startup.rounds());
        assertEquals(false, startup.warmup());
        String expected = fastestFrom(startup);
        assertEquals(expected, startup.fastest());
        assertEquals(expected, autoChoice.current().id());
        assertEquals(expected, shortenOneUrl());
    }

    @Test
    @Order(2)
    void autoFollowsTheFastestModelOfEachCompletedBenchmark() throws InterruptedException {
        awaitStartupBenchmark();
        for (String model : new String[] { "threads", "virtual-threads", "sync" }) {
            given().queryParam("requests", 2).queryParam("models", model).queryParam("rounds", 1)
                    .queryParam("warmup", false)
                    .when().post("/benchmark")
                    .then().statusCode(200)
                    .body("fastest", equalTo(model));
            assertEquals(model, shortenOneUrl());
        }
        given().queryParam("requests", 4).queryParam("models", "sync,async")
                .queryParam("rounds", 1).queryParam("warmup", false)
                .when().post("/benchmark")
                .then().statusCode(200);
        BenchmarkResult result = benchmarks.latest().orElseThrow();
        String expected = fastestFrom(result);
        assertEquals(expected, result.fastest());
        assertEquals(expected, shortenOneUrl());
    }

    /** The error-free model with the lowest best wall time, computed here from the figures. */
    private static String fastestFrom(BenchmarkResult result) {
        BenchmarkResult.ModelResult best = null;
        for (BenchmarkResult.ModelResult r : result.results()) {
            if (r.errors() == 0 && (best == null || r.wallMillis() < best.wallMillis())) {
                best = r;
            }
        }
        assertNotNull(best, "every model had errors: " + result.results());
        return best.model();
    }

    private BenchmarkResult awaitStartupBenchmark() throws InterruptedException {
        Awaitility.await("the start-up benchmark to finish").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !benchmarks.running() && benchmarks.latest().isPresent());
        assertTrue(benchmarks.latest().isPresent(), "the start-up benchmark did not finish");
        return benchmarks.latest().orElseThrow();
    }

    private static String shortenOneUrl() {
        return given().contentType("text/plain; charset=UTF-8").body("https://example.com/some/long/path\n")
                .when().post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "0")
                .extract().header("X-Shortener-Model");
    }
}
