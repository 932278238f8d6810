package dev.shortener;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** POST /benchmark and GET /benchmark/latest on the packaged application: every model, then the stored result. */
@QuarkusIntegrationTest
class BenchmarkIT {

    @BeforeEach
    void resetUpstream() {
        WireMockUpstreamResource.freshClient();
    }

    @Test
    void everyModelRunsAgainstTheUuidEndpointAndTheResultIsKept() {
        request().contentType("application/json").body("{\"requests\": 4, \"rounds\": 1, \"warmup\": false}")
                .post("/benchmark")
                .then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("requests", equalTo(4))
                .body("endpoint", containsString("/uuid"))
                .body("results.model", hasItems("sync", "threads", "async", "virtual-threads", "processes"))
                .body("results.errors", everyItem(equalTo(0)))
                .body("fastest", notNullValue());

        request().get("/benchmark/latest")
                .then().statusCode(200)
                .body("requests", equalTo(4))
                .body("results.model", hasItems("sync", "threads", "async", "virtual-threads", "processes"));
    }

    @Test
    void autoIsNotABenchmarkModel() {
        request().post("/benchmark?models=auto")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }
}
