package dev.shortener.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static dev.shortener.JobsFixtures.awaitFinished;
import static dev.shortener.JobsFixtures.awaitStatus;
import static dev.shortener.JobsFixtures.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.Fixtures;
import dev.shortener.ManagementPortResource;
import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The HTTP contract of /jobs against the real server, a real PostgreSQL database and the WireMock upstream. */
@QuarkusTest
public class JobResourceTest {

    private WireMock upstream;

    @BeforeEach
    void resetUpstream() {
        upstream = WireMockUpstreamResource.freshClient();
    }

    @Test
    void csvJobIsAcceptedAndItsResultIsByteForByteWhatShortenAnswers() {
        String location = request().contentType("text/csv").body(Fixtures.batch("mixed.csv"))
                .post("/jobs?model=threads")
                .then().statusCode(202)
                .contentType(startsWith("application/json"))
                .header("Location", startsWith("http"))
                .body("model", equalTo("threads"))
                .body("provider", equalTo("tinyurl-legacy"))
                .body("rows.total", equalTo(8))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        JsonPath done = awaitFinished(id);
        assertEquals("succeeded", done.getString("state"));
        assertEquals(8, done.getInt("rows.done"));
        assertEquals(5, done.getInt("rows.ok"));
        assertEquals(3, done.getInt("rows.failed"));

        String shortened = request().contentType("text/csv").body(Fixtures.batch("mixed.csv"))
                .post("/shorten?model=threads").then().statusCode(200).extract().asString();
        request().get("/jobs/" + id + "/result")
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", startsWith("attachment"))
                .body(equalTo(shortened))
                .body(equalTo(Fixtures.text("mixed.expected.csv")));
    }

    @Test
    void jsonJobAnswersJsonLinesWithTheRowsShortenAnswers() {
        String url = unique("json");
        String body = "[\"" + url + "\", {\"alias\": \"orphan\"}]";
        String id = submit("application/json", body);
        awaitFinished(id);
        String lines = request().get("/jobs/" + id + "/result")
                .then().statusCode(200)
                .contentType(startsWith(JobResource.NDJSON))
                .header("Content-Disposition", containsString(".ndjson"))
                .extract().asString();
        List<Object> shortened = request().contentType("application/json").body(body)
                .post("/shorten").then().statusCode(200).extract().jsonPath().getList("rows");
        List<Object> rows = lines.lines().map(line -> JsonPath.from(line).get("$")).toList();
        assertEquals(shortened, rows);
        assertTrue(lines.startsWith("{\"line\":1,\"url\":\"" + url + "\""), lines);
    }

    @Test
    void resubmittedRowsAreAnsweredFromTheLinkStoreWithoutUpstreamCalls() {
        String body = IntStream.range(0, 30).mapToObj(i -> unique("reuse")).collect(Collectors.joining("\n"));
        String first = submit("text/plain", body);
        assertEquals(30, awaitFinished(first).getInt("rows.ok"));
        upstream.resetRequests();

        String second = submit("text/plain", body);
        JsonPath status = awaitFinished(second);
        assertEquals(30, status.getInt("rows.reused"));
        assertEquals(30, status.getInt("rows.ok"));
        assertEquals(0, status.getInt("upstreamCalls"));
        upstream.verifyThat(0, getRequestedFor(urlPathEqualTo("/api-create.php")));
        assertEquals(request().get("/jobs/" + first + "/result").asString(),
                request().get("/jobs/" + second + "/result").asString());
    }

    @Test
    void sameIdempotencyKeyAndBodyAnswersTheSameJobAndAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        String body = unique("idem") + "\n";
        String id = request().contentType("text/plain").header("Idempotency-Key", key).body(body)
                .post("/jobs").then().statusCode(202).extract().path("id");
        request().contentType("text/plain").header("Idempotency-Key", key).body(body)
                .post("/jobs").then().statusCode(202).body("id", equalTo(id));
        request().contentType("text/plain").header("Idempotency-Key", key).body(unique("other") + "\n")
                .post("/jobs").then().statusCode(422)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("Idempotency-Key '" + key + "'"));
        awaitFinished(id);
        // Counted for this body's URL only: calls of an earlier test's cancelled job may still land meanwhile.
        upstream.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", com.github.tomakehurst.wiremock.client.WireMock.equalTo(body.strip())));
    }

    @Test
    void aJobRunsOnTheProviderItNamesAndItsStatusSaysWhich() {
        String url = unique("isgd");
        String id = request().contentType("text/plain").body(url + "\n")
                .post("/jobs?provider=isgd").then().statusCode(202)
                .body("provider", equalTo("isgd"))
                .extract().path("id");
        awaitFinished(id);
        request().get("/jobs/" + id + "/result").then().statusCode(200)
                .body(containsString(",https://is.gd/x"));
        upstream.verifyThat(1, getRequestedFor(urlPathEqualTo("/create.php"))
                .withQueryParam("url", com.github.tomakehurst.wiremock.client.WireMock.equalTo(url)));
        upstream.verifyThat(0, getRequestedFor(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", com.github.tomakehurst.wiremock.client.WireMock.equalTo(url)));

        request().contentType("text/plain").body(url + "\n")
                .post("/jobs?provider=goo.gl").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("goo.gl"));
    }

    @Test
    void progressMovesWhileAChunkIsStillRunning() {
        upstream.register(get(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching(".*crawl.*"))
                .willReturn(aResponse().withFixedDelay(300).withBody("https://tinyurl.com/crawl")));
        // 60 rows, one chunk (the test chunk size is 100), one call at a time: about 18 s to finish.
        String body = IntStream.range(0, 60).mapToObj(i -> unique("crawl")).collect(Collectors.joining("\n"));
        String id = request().contentType("text/plain").body(body)
                .post("/jobs?model=sync").then().statusCode(202).extract().path("id");

        JsonPath moving = awaitStatus(id, s -> s.getInt("rows.done") > 0);
        assertEquals("running", moving.getString("state"), "counted before the chunk ended");
        assertTrue(moving.getInt("rows.done") < 60, moving.prettify());
        request().delete("/jobs/" + id).then().statusCode(200);
    }

    @Test
    void rejectedUploadLeavesNoJobBehind() {
        String newest = newestJobId();
        request().contentType("application/json").body("[\"https://example.com/a\", {\"url\": ")
                .post("/jobs").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
        request().contentType("application/pdf").body("x".getBytes())
                .post("/jobs").then().statusCode(415)
                .contentType(Problem.MEDIA_TYPE);
        request().contentType("text/plain").body("https://example.com/x\n")
                .post("/jobs?model=warp").then().statusCode(400)
                .body("detail", containsString("unknown model 'warp'"));
        assertEquals(newest, newestJobId());
    }

    @Test
    void unknownJobIsA404Problem() {
        for (String path : List.of("/jobs/nope", "/jobs/nope/result", "/jobs/nope/events")) {
            request().get(path).then().statusCode(404)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("detail", containsString("no job 'nope'"));
        }
        request().delete("/jobs/nope").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void runningJobResultIs409UnlessPartialAndCancelStopsItsCalls() {
        upstream.register(get(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching(".*slow.*"))
                .willReturn(aResponse().withFixedDelay(1500).withBody("https://tinyurl.com/slow")));
        String body = IntStream.range(0, 3000).mapToObj(i -> unique("slow")).collect(Collectors.joining("\n"));
        String id = submit("text/plain", body);
        awaitStatus(id, s -> s.getString("state").equals("running"));

        request().get("/jobs/" + id + "/result").then().statusCode(409)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("partial=true"));
        request().get("/jobs/" + id + "/result?partial=true").then().statusCode(200)
                .body(startsWith("url,short_url,status,error\n"));

        int recordedAtCancel = request().delete("/jobs/" + id).then().statusCode(200)
                .body("state", equalTo("cancelled"))
                .extract().path("upstreamCalls");
        assertTrue(recordedAtCancel < 3000, "cancelled before every call was recorded as sent");

        // Another job through the same runner completing shows the runner has claimed again since the cancel: no
        // call of the cancelled job may have been recorded (hence sent) meanwhile, and every call that reached the
        // upstream was recorded before the answer (calls in flight may still arrive: the upstream queues them).
        awaitFinished(submit("text/plain", unique("after-cancel") + "\n"));
        assertEquals(recordedAtCancel, request().get("/jobs/" + id).then().extract().<Integer>path("upstreamCalls"));
        int reached = upstream.find(getRequestedFor(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching(".*slow.*"))).size();
        assertTrue(reached <= recordedAtCancel, reached + " calls reached the upstream, " + recordedAtCancel
                + " were recorded before the cancel answered");

        JsonPath status = awaitStatus(id, s -> s.getInt("rows.done") == 3000);
        assertEquals("cancelled", status.getString("state"));
        String result = request().get("/jobs/" + id + "/result").then().statusCode(200).extract().asString();
        assertTrue(result.contains(",,error,cancelled\n"), "rows not done end as cancelled");
        assertEquals(3001, result.split("\n").length, "every row comes back, header included");
        request().delete("/jobs/" + id).then().statusCode(200).body("state", equalTo("cancelled"));
    }

    @Test
    void eventsStreamEndsWithDone() {
        String id = submit("text/plain", unique("events") + "\n" + unique("events") + "\n");
        String stream = request().accept("text/event-stream").get("/jobs/" + id + "/events")
                .then().statusCode(200)
                .contentType(startsWith("text/event-stream"))
                .extract().asString();
        assertTrue(stream.contains("event:done") || stream.contains("event: done"), stream);
        assertTrue(stream.contains("\"state\":\"succeeded\""), stream);
        assertTrue(stream.contains("\"done\":2"), stream);
    }

    @Test
    void listIsNewestFirstWithACursor() {
        String a = submit("text/plain", unique("list") + "\n");
        String b = submit("text/plain", unique("list") + "\n");
        String c = submit("text/plain", unique("list") + "\n");
        JsonPath page = request().get("/jobs?limit=2").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(c, b), page.getList("jobs.id"));
        String next = page.getString("next");
        JsonPath rest = request().get("/jobs?limit=1&after=" + next).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(a), rest.getList("jobs.id"));
        request().get("/jobs?state=bogus").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        request().get("/jobs?limit=0").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        request().get("/jobs?after=xyz").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
        awaitFinished(c);
        JsonPath succeeded = request().get("/jobs?state=succeeded&limit=100").then().statusCode(200).extract()
                .jsonPath();
        assertTrue(succeeded.getList("jobs.state").stream().allMatch("succeeded"::equals));
        assertTrue(succeeded.getList("jobs.id").contains(c));
    }

    @Test
    void readinessIncludesTheDatabase() {
        request().get(ManagementPortResource.url("/q/health/ready"))
                .then().statusCode(200)
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }

    private static String newestJobId() {
        List<String> ids = request().get("/jobs?limit=1").then().statusCode(200).extract().path("jobs.id");
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static String unique(String tag) {
        return "https://example.com/" + tag + "/" + UUID.randomUUID();
    }
}
