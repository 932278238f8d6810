package dev.shortener.benchmark;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.shortener.FastExpiryProfile;
import dev.shortener.ManagementPortResource;
import dev.shortener.api.Problem;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Needs an application that has never run a benchmark: its profile runs none. */
@QuarkusTest
@TestProfile(FastExpiryProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchmarkLatestTest {

    @Test
    @Order(1)
    void latestIsNotFoundBeforeTheFirstBenchmark() {
        given().when().get("/benchmark/latest")
                .then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(404))
                .body("detail", containsString("POST /benchmark"));
    }

    @Test
    @Order(2)
    void benchmarkResultsAreGaugesLabelledByModel() {
        given().queryParam("requests", 2).queryParam("models", "threads,async").queryParam("rounds", 1)
                .queryParam("warmup", false)
                .when().post("/benchmark")
                .then().statusCode(200);
        given().when().get("/benchmark/latest")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("requests", equalTo(2));
        given().when().get(ManagementPortResource.url("/q/metrics"))
                .then().statusCode(200)
                .body(containsString("shortener_benchmark_wall_millis{model=\"threads\"}"))
                .body(containsString("shortener_benchmark_wall_millis{model=\"async\"}"))
                .body(containsString("shortener_benchmark_requests_per_second{model=\"async\"}"))
                .body(containsString("shortener_benchmark_floor_ratio{model=\"async\"}"))
                .body(containsString("shortener_upstream_calls_seconds_count{model=\"async\",provider=\"httpbin\"}"));
    }
}
