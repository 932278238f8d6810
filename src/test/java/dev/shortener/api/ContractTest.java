package dev.shortener.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.shortener.Fixtures;
import dev.shortener.WireMockUpstreamResource;
import dev.shortener.ingest.Ingest;
import dev.shortener.ingest.Workbooks;
import dev.shortener.security.ApiKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Every operation driven into the answers and problems it gives, each checked against the contract by
 * {@link DocumentedAnswers}: a status or content type the service answers but the document does not declare fails.
 */
@QuarkusTest
@TestProfile(ContractTest.WithApiKeys.class)
class ContractTest {

    static final String USER = "contract-user-key-1";
    static final String ADMIN = "contract-admin-key-2";
    private static final DocumentedAnswers DOCUMENTED = new DocumentedAnswers();
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** A user key and an admin key, so that 401 and 403 can be answered. */
    public static class WithApiKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.auth.api-keys", "user:" + hash(USER) + ",admin:" + hash(ADMIN) + ":admin");
        }
    }

    @Test
    void shortenAnswersAndProblems() {
        String url = unique("shorten");
        as(USER).contentType("text/csv").body("url\n" + url + "\n").post("/shorten").then().statusCode(200);
        as(USER).contentType("application/json").body("[\"" + url + "\"]").post("/shorten").then().statusCode(200);
        as(USER).contentType(Ingest.XLSX).body(Workbooks.poi(book -> book.createSheet("S").createRow(0).createCell(0)
                .setCellValue(url))).post("/shorten").then().statusCode(200);
        as(USER).contentType(Ingest.XLSX).body(url.getBytes(StandardCharsets.UTF_8)).post("/shorten")
                .then().statusCode(400);
        as(USER).contentType("text/plain").body("").post("/shorten").then().statusCode(400);
        as(USER).contentType("text/plain").body(url).post("/shorten?model=green").then().statusCode(400);
        as(USER).contentType("text/plain").accept("image/png").body(url).post("/shorten").then().statusCode(406);
        as(USER).contentType("text/plain").body(url + "/" + "x".repeat(70_000)).post("/shorten")
                .then().statusCode(413);
        as(USER).contentType("application/x-www-form-urlencoded").body("url=" + url).post("/shorten")
                .then().statusCode(415);
        Fixtures.request().filter(DOCUMENTED).contentType("text/plain").body(url).post("/shorten")
                .then().statusCode(401);
        as("not-a-key").contentType("text/plain").body(url).post("/shorten").then().statusCode(401);
    }

    @Test
    void jobAnswersAndProblems() {
        String key = "contract-" + UUID.randomUUID();
        String body = unique("job") + "\n";
        String id = as(USER).contentType("text/plain").header("Idempotency-Key", key).body(body).post("/jobs")
                .then().statusCode(202).extract().path("id");
        as(USER).contentType("text/plain").header("Idempotency-Key", key).body(unique("other")).post("/jobs")
                .then().statusCode(422);
        as(USER).contentType("text/plain").header("Idempotency-Key", "k".repeat(256)).body(body).post("/jobs")
                .then().statusCode(400);
        as(USER).contentType("image/png").body(body.getBytes(StandardCharsets.UTF_8)).post("/jobs")
                .then().statusCode(415);
        awaitStatus(id, status -> status.getString("state").equals("succeeded"));

        as(USER).get("/jobs?limit=5").then().statusCode(200);
        as(USER).get("/jobs?limit=0").then().statusCode(400);
        as(USER).get("/jobs?state=lost").then().statusCode(400);
        as(USER).get("/jobs/" + id).then().statusCode(200);
        as(USER).get("/jobs/nope").then().statusCode(404);
        as(USER).get("/jobs/" + id + "/events").then().statusCode(200);
        as(USER).get("/jobs/nope/events").then().statusCode(404);
        as(USER).get("/jobs/" + id + "/result").then().statusCode(200);
        as(USER).accept("application/x-ndjson").get("/jobs/" + id + "/result").then().statusCode(200);
        as(USER).accept(Ingest.XLSX).get("/jobs/" + id + "/result").then().statusCode(200);
        as(USER).accept("image/png").get("/jobs/" + id + "/result").then().statusCode(406);
        as(USER).get("/jobs/nope/result").then().statusCode(404);
        as(USER).delete("/jobs/" + id).then().statusCode(409);
        as(USER).delete("/jobs/nope").then().statusCode(404);
        as(USER).post("/jobs/" + id + "/retry").then().statusCode(202);
        as(USER).post("/jobs/nope/retry").then().statusCode(404);
        as(USER).get("/jobs/" + id + "/qr.zip").then().statusCode(200);
        as(USER).get("/jobs/" + id + "/qr.zip?format=png&size=1").then().statusCode(400);
        as(USER).get("/jobs/nope/qr.zip").then().statusCode(404);
        as(USER).contentType("text/plain").body(body).post("/jobs?callback=http://127.0.0.1/hook")
                .then().statusCode(400);
        Fixtures.request().filter(DOCUMENTED).get("/jobs/" + id).then().statusCode(401);
    }

    @Test
    void runningJobAnswersAndProblems() {
        WireMockUpstreamResource.freshClient().register(get(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching(".*contract-slow.*"))
                .willReturn(aResponse().withFixedDelay(1500).withBody("https://tinyurl.com/slow")));
        String body = IntStream.range(0, 100).mapToObj(i -> unique("contract-slow")).collect(Collectors.joining("\n"));
        String id = as(USER).contentType("text/plain").body(body).post("/jobs?model=threads")
                .then().statusCode(202).extract().path("id");

        as(USER).get("/jobs/" + id + "/result").then().statusCode(409);
        as(USER).get("/jobs/" + id + "/result?partial=true").then().statusCode(200);
        as(USER).post("/jobs/" + id + "/retry").then().statusCode(409);
        as(USER).get("/jobs/" + id + "/qr.zip").then().statusCode(409);
        as(USER).delete("/jobs/" + id).then().statusCode(200).body("state", equalTo("cancelled"));
    }

    @Test
    void benchmarkAnswersAndProblems() {
        as(ADMIN).get("/benchmark/latest").then().statusCode(anyOf(equalTo(200), equalTo(404)));
        as(USER).post("/benchmark?requests=1&models=async&rounds=1").then().statusCode(403);
        as(USER).delete("/benchmark").then().statusCode(403);
        as(ADMIN).post("/benchmark?models=green-threads").then().statusCode(400);
        as(ADMIN).contentType("application/json").body("{\"requests\": \"many\"}").post("/benchmark")
                .then().statusCode(400);
        as(ADMIN).delete("/benchmark").then().statusCode(404);
        as(ADMIN).post("/benchmark?requests=1&models=async&rounds=1&warmup=false").then().statusCode(200);
        as(USER).get("/benchmark/latest").then().statusCode(200);
        Fixtures.request().filter(DOCUMENTED).get("/benchmark/latest").then().statusCode(401);
    }

    private static RequestSpecification as(String key) {
        return Fixtures.request().filter(DOCUMENTED).header("Authorization", "Bearer " + key);
    }

    private static void awaitStatus(String id, Predicate<JsonPath> until) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonPath status = as(USER).get("/jobs/" + id).then().statusCode(200).extract().jsonPath();
        while (!until.test(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " did not reach the expected state: " + status.prettify());
            }
            Thread.onSpinWait(); // polling a condition with a deadline: each round trip is the interval
            status = as(USER).get("/jobs/" + id).then().statusCode(200).extract().jsonPath();
        }
    }

    private static String unique(String what) {
        return "https://example.com/" + what + "/" + UUID.randomUUID();
    }

    static String hash(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }
}
