package dev.shortener.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.shortener.WithFreshUpstream;
import dev.shortener.benchmark.BenchmarkService;
import dev.shortener.config.ModelName;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class BenchmarkResourceTest extends WithFreshUpstream {

    @Inject
    BenchmarkService benchmarks;

    @Test
    void benchmarkCallsTheUuidEndpointRequestsTimesPerModelAndRound() {
        given().queryParam("requests", 4).queryParam("models", "threads,async").queryParam("rounds", 2)
                .queryParam("warmup", false)
                .when().post("/benchmark")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("endpoint", endsWith("/uuid"))
                .body("requests", equalTo(4))
                .body("rounds", equalTo(2))
                .body("results.model", contains("threads", "async"))
                .body("results.limit", contains(10, 100))
                .body("results.errors", everyItem(equalTo(0)))
                .body("results.roundWallMillis", everyItem(hasSize(2)))
                .body("results.wallMillis", everyItem(greaterThanOrEqualTo(100f)))
                .body("results.p50", everyItem(greaterThanOrEqualTo(100f)))
                .body("results.max", everyItem(greaterThanOrEqualTo(100f)))
                .body("results.requestsPerSecond", everyItem(notNullValue()))
                .body("results.floorMillis", everyItem(greaterThanOrEqualTo(100f)))
                .body("results.floorRatio", everyItem(greaterThanOrEqualTo(0.9f)))
                .body("floor.latencyMillis", greaterThanOrEqualTo(100f))
                .body("fastest", in(List.of("threads", "async")))
                .body("ranking", containsInAnyOrder("threads", "async"));
        wiremock.verifyThat(2 * 2 * 4, getRequestedFor(urlPathEqualTo("/uuid")));
    }

    @Test
    void jsonBodyIsAcceptedAndWarmupAddsOneWaveAtTheModelsLimit() {
        given().contentType(ContentType.JSON)
                .body("{\"requests\": 3, \"models\": [\"sync\"], \"rounds\": 1, \"warmup\": true}")
                .when().post("/benchmark")
                .then().statusCode(200)
                .body("results.model", contains("sync"))
                .body("results[0].limit", equalTo(1))
                // ceil(3 / 1) x ~100 ms
                .body("results[0].floorMillis", greaterThanOrEqualTo(300f))
                .body("warmup", equalTo(true));
        // warmup: min(requests, limit) = 1 call, then 3 timed calls
        wiremock.verifyThat(1 + 3, getRequestedFor(urlPathEqualTo("/uuid")));
    }

    @Test
    void queryParametersTakePrecedenceOverTheBody() {
        given().contentType(ContentType.JSON).queryParam("requests", 2)
                .body("{\"requests\": 50, \"models\": \"virtual-threads\", \"rounds\": 1, \"warmup\": false}")
                .when().post("/benchmark")
                .then().statusCode(200)
                .body("requests", equalTo(2))
                .body("results.model", contains("virtual-threads"));
        wiremock.verifyThat(2, getRequestedFor(urlPathEqualTo("/uuid")));
    }

    @Test
    void everyAvailableModelRunsByDefaultAndLatestReturnsTheResult() {
        Response response = given().queryParam("requests", 2).queryParam("rounds", 1).queryParam("warmup", false)
                .when().post("/benchmark")
                .then().statusCode(200)
                .extract().response();
        List<String> expected = benchmarks.availableModels().stream().map(ModelName::id).toList();
        assertEquals(expected, response.jsonPath().getList("results.model"));
        assertTrue(expected.containsAll(List.of("sync", "threads", "async", "virtual-threads")), expected::toString);

        given().when().get("/benchmark/latest")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("finishedAt", equalTo(response.jsonPath().getString("finishedAt")))
                .body("fastest", equalTo(response.jsonPath().getString("fastest")));
    }

    @Test
    void upstreamErrorsAreCountedAndNoErroringModelIsFastest() {
        added = wiremock.register(get(urlPathEqualTo("/uuid")).atPriority(1)
                .willReturn(aResponse().withStatus(404).withBody("{\"error\": \"gone\"}")));
        given().queryParam("requests", 3).queryParam("models", "async").queryParam("rounds", 1)
                .queryParam("warmup", false)
                .when().post("/benchmark")
                .then().statusCode(200)
                .body("results[0].errors", equalTo(3))
                .body("results[0].p50", nullValue())
                .body("results[0].floorRatio", nullValue())
                .body("fastest", nullValue())
                .body("ranking", contains("async"));
    }

    @Test
    void secondBenchmarkWhileOneRunsIsAConflict() throws Exception {
        added = wiremock.register(get(urlPathEqualTo("/uuid")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(1_500)
                        .withHeader("Content-Type", "application/json").withBody("{\"uuid\": \"slow\"}")));
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> given()
                .queryParam("requests", 1).queryParam("models", "async").queryParam("rounds", 1)
                .queryParam("warmup", false)
                .when().post("/benchmark")
                .then().extract().statusCode(), Thread.ofPlatform()::start);
        Awaitility.await("the first benchmark to start").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(benchmarks::running);
        assertTrue(benchmarks.running(), "the first benchmark did not start");

        given().queryParam("requests", 1).queryParam("models", "async")
                .when().post("/benchmark")
                .then().statusCode(409)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"))
                .body("detail", containsString("already running"));

        assertEquals(200, first.get());
        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/uuid")));
    }

    @Test
    void tooManyRequestsIsABadRequest() {
        given().queryParam("requests", 100_001)
                .when().post("/benchmark")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("requests must be between 1 and 100000, got 100001"));
    }

    @Test
    void unknownModelIsABadRequestListingTheValidOnes() {
        given().queryParam("models", "async,green-threads")
                .when().post("/benchmark")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("unknown model 'green-threads'"))
                .body("detail", containsString("sync, threads, async, virtual-threads"));
    }

    @Test
    void autoIsNotABenchmarkModel() {
        given().contentType(ContentType.JSON).body("{\"models\": [\"auto\"]}")
                .when().post("/benchmark")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("auto is not a benchmark model"));
    }

    @Test
    void malformedParametersAreBadRequests() {
        given().queryParam("rounds", 0).when().post("/benchmark").then().statusCode(400)
                .body("detail", containsString("rounds must be between 1 and 10"));
        given().queryParam("requests", "many").when().post("/benchmark").then().statusCode(400)
                .body("detail", containsString("requests must be a whole number"));
        given().queryParam("warmup", "maybe").when().post("/benchmark").then().statusCode(400)
                .body("detail", containsString("warmup must be true or false"));
        given().contentType(ContentType.JSON).body("{\"request\": 10}").when().post("/benchmark").then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("the body must be a JSON object"));
        wiremock.verifyThat(0, getRequestedFor(urlPathEqualTo("/uuid")));
    }

    @Test
    void runOverMaxCallsIsABadRequestThatCallsNothing() {
        // shortener.benchmark.max-calls defaults to 100000: 100000 requests x 2 rounds x 1 model is 200000 calls.
        given().queryParam("requests", 100_000).queryParam("rounds", 2).queryParam("models", "async")
                .when().post("/benchmark")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("this run would make 200000 calls (requests 100000 x rounds 2 x models 1), "
                        + "more than shortener.benchmark.max-calls (100000); ask for fewer"));
        wiremock.verifyThat(0, getRequestedFor(urlPathEqualTo("/uuid")));
    }

    @Test
    void deleteCancelsTheRunningBenchmarkBeforeItsNextRound() throws Exception {
        // One round is one wave at the threads model's limit (10 calls of 1 s): cancel while it is in flight.
        added = wiremock.register(get(urlPathEqualTo("/uuid")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(1_000)
                        .withHeader("Content-Type", "application/json").withBody("{\"uuid\": \"slow\"}")));
        CompletableFuture<Response> cancelled = CompletableFuture.supplyAsync(() -> given()
                .queryParam("requests", 10).queryParam("models", "threads").queryParam("rounds", 3)
                .queryParam("warmup", false)
                .when().post("/benchmark")
                .then().extract().response(), Thread.ofPlatform()::start);
        Awaitility.await("10 calls at the upstream").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(() -> wiremock.find(getRequestedFor(urlPathEqualTo("/uuid"))).size() >= 10);
        wiremock.verifyThat(10, getRequestedFor(urlPathEqualTo("/uuid")));

        given().when().delete("/benchmark")
                .then().statusCode(204);

        Response first = cancelled.get();
        assertEquals(409, first.statusCode());
        assertEquals(Problem.MEDIA_TYPE, first.contentType());
        assertTrue(first.jsonPath().getString("detail").contains("cancelled"), first.asString());
        given().when().delete("/benchmark")
                .then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("no benchmark is running"));

        // A new run is accepted and needs the same pool: when it is done, a second round of the cancelled run would
        // have been queued before its calls.
        given().queryParam("requests", 10).queryParam("models", "threads").queryParam("rounds", 1)
                .queryParam("warmup", false)
                .when().post("/benchmark")
                .then().statusCode(200);
        wiremock.verifyThat(10 + 10, getRequestedFor(urlPathEqualTo("/uuid")));
    }
}
