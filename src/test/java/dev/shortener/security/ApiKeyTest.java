package dev.shortener.security;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.shortener.ManagementPortResource;
import dev.shortener.api.Problem;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** With API keys configured: who may call what, the problems they get otherwise, and the per-key request rate. */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
class ApiKeyTest {

    static final String ALICE = "alice-secret-key-1";
    static final String ROOT = "root-secret-key-2";
    static final String BURST = "burst-secret-key-3";
    static final int RATE = 5;

    @Test
    void noKeyIsA401ProblemWithABearerChallenge() {
        request().contentType("text/plain").body("https://example.com/a\n")
                .post("/shorten")
                .then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer realm=\"tinyurl-batch\"")
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer <key>"));
    }

    @Test
    void unknownKeyIsA401ThatNeverEchoesTheKey() {
        String wrong = "not-a-configured-key-42";
        as(wrong).contentType("text/plain").body("https://example.com/a\n")
                .post("/shorten")
                .then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer realm=\"tinyurl-batch\", error=\"invalid_token\"")
                .body("detail", containsString("unknown API key"))
                .body(not(containsString(wrong)));
    }

    @Test
    void otherSchemeThanBearerIsA401() {
        request().header("Authorization", "Basic YWxpY2U6eA==").contentType("text/plain").body("https://example.com/a\n")
                .post("/shorten")
                .then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("Bearer"));
    }

    @Test
    void userKeyShortens() {
        as(ALICE).contentType("text/plain").body("https://example.com/with-key\n")
                .post("/shorten")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .body(containsString(",ok,"));
    }

    @Test
    void userKeyMayNotRunOrCancelABenchmark() {
        as(ALICE).queryParam("requests", 1).queryParam("models", "async").queryParam("rounds", 1)
                .post("/benchmark")
                .then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(403))
                .body("detail", containsString("admin"));
        as(ALICE).delete("/benchmark")
                .then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void adminKeyRunsABenchmark() {
        as(ROOT).queryParam("requests", 1).queryParam("models", "async").queryParam("rounds", 1)
                .queryParam("warmup", false)
                .post("/benchmark")
                .then().statusCode(200)
                .body("results[0].model", equalTo("async"));
    }

    @Test
    void eachKeyHasItsOwnRateAndIsToldWhenToRetry() {
        for (int i = 1; i <= RATE; i++) {
            as(BURST).get("/benchmark/latest")
                    .then().header("RateLimit-Limit", String.valueOf(RATE))
                    .header("RateLimit-Remaining", String.valueOf(RATE - i));
        }
        as(BURST).get("/benchmark/latest")
                .then().statusCode(429)
                .contentType(Problem.MEDIA_TYPE)
                .header("RateLimit-Remaining", "0")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(429))
                .body("detail", containsString("'burst'"));
        // Another key is not affected.
        as(ALICE).get("/benchmark/latest")
                .then().statusCode(not(equalTo(429)));
    }

    @Test
    void healthIsOnTheManagementPortOnlyAndNeedsNoKey() {
        RestAssured.given().get("/q/health/ready")
                .then().statusCode(404);
        RestAssured.given().get("/q/metrics")
                .then().statusCode(404);
        // The API's description stays public on the API port.
        RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200);
        RestAssured.given().get(ManagementPortResource.url("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    private static RequestSpecification as(String key) {
        return request().header("Authorization", "Bearer " + key);
    }

    static String hash(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }
}
