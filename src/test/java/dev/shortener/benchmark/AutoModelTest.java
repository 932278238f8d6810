package dev.shortener.benchmark;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.shortener.execution.AutoChoice;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(AutoModelTest.Auto.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoModelTest {

    /** {@code shortener.model=auto} with a tiny start-up benchmark. */
    public static class Auto implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.model", "auto", "shortener.benchmark.startup-requests", "2");
        }
    }

    @Inject
    BenchmarkService benchmarks;

    @Inject
    AutoChoice autoChoice;

    @Test
    @Order(1)
    void batchesRunOnAsyncUntilTheStartupBenchmarkNamesTheFastest() throws InterruptedException {
        Set<String> allowed = new HashSet<>();
        benchmarks.latest().ifPresentOrElse(done -> allowed.add(done.fastest()), () -> allowed.add("async"));
        String used = shortenOneUrl();
        benchmarks.latest().ifPresent(done -> allowed.add(done.fastest()));
        assertTrue(allowed.contains(used), "X-Shortener-Model " + used + " is not one of " + allowed);

        BenchmarkResult startup = awaitStartupBenchmark();
        assertEquals(2, startup.requests());
        assertEquals(1, startup.rounds());
        assertEquals(false, startup.warmup());
        assertEquals(startup.fastest(), autoChoice.current().id());
        assertEquals(startup.fastest(), shortenOneUrl());
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
        String fastest = given().queryParam("requests", 4).queryParam("models", "sync,async")
                .queryParam("rounds", 1).queryParam("warmup", false)
                .when().post("/benchmark")
                .then().statusCode(200)
                .extract().path("fastest");
        assertEquals("async", fastest, "4 calls one at a time cannot beat 4 at once");
        assertEquals(fastest, shortenOneUrl());
    }

    private BenchmarkResult awaitStartupBenchmark() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((benchmarks.running() || benchmarks.latest().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
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
