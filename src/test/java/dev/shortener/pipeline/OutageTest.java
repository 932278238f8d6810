package dev.shortener.pipeline;

import static dev.shortener.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.shortener.Fixtures;
import dev.shortener.JobsFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * An upstream that goes away and comes back: the rows wait for it instead of failing, the job status says why, and
 * only calls whose outcome was unknown are sent twice (counted in {@code resent}).
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class OutageTest {

    static String csv(String prefix, int rows) {
        return IntStream.range(0, rows).mapToObj(i -> "https://example.com/" + prefix + "/" + i)
                .collect(Collectors.joining("\n", "url\n", "\n"));
    }

    static JsonPath status(String id) {
        return request().get("/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aJobWhoseUpstreamIsDownTwentySecondsEndsWithEveryRowOk() {
        OutageUpstream upstream = OutageUpstream.fresh();
        int rows = 10_000;
        String id = JobsFixtures.submit("text/csv", csv("outage", rows));
        JobsFixtures.awaitStatus(id, s -> s.getLong("rows.done") >= rows / 5);

        upstream.down();
        long downAt = System.nanoTime();
        List<String> reasons = new ArrayList<>();
        // The outage itself lasts 20 s; the status is read all along it.
        Awaitility.await("a 20 s outage").atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonPath status = status(id);
                    reasons.add(status.getString("waiting.reason"));
                    return System.nanoTime() - downAt >= Duration.ofSeconds(20).toNanos();
                });
        JsonPath during = status(id);
        assertEquals("outage", during.getString("waiting.reason"), "waiting while down: " + during.prettify());
        assertEquals("tinyurl-legacy", during.getString("waiting.provider"));
        assertTrue(during.getString("waiting.since") != null);
        upstream.up();

        JsonPath done = Awaitility.await("the job to finish").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status(id), s -> s.getString("state").equals("succeeded"));
        assertEquals(rows, done.getLong("rows.ok"), done.prettify());
        assertEquals(0, done.getLong("rows.failed"));
        assertTrue(reasons.contains("outage"), "status showed waiting: outage, got " + reasons);
        assertEquals(null, done.getString("waiting"));
        assertEquals(rows, upstream.urls());
        // The calls in flight when it went down got no answer: sent again, and counted.
        assertTrue(done.getLong("rows.resent") > 0, done.prettify());
        assertTrue(upstream.createdTwice() <= done.getLong("rows.resent"),
                upstream.createdTwice() + " links created twice, resent " + done.getLong("rows.resent"));
        request().get("/jobs/" + id + "/result").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(",error,")));
    }

    @Test
    void aBatchDuringAFiveSecondOutageIsAnsweredWithEveryRowOk() throws Exception {
        OutageUpstream upstream = OutageUpstream.fresh();
        int rows = 300;
        upstream.down();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> request().contentType("text/csv")
                .body(csv("batch", rows)).post("/shorten").then().statusCode(200).extract().asString(),
                Thread.ofPlatform()::start);
        long downAt = System.nanoTime();
        Awaitility.await("a 5 s outage").atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .until(() -> System.nanoTime() - downAt >= Duration.ofSeconds(5).toNanos());
        upstream.up();

        String body = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(rows, body.lines().filter(line -> line.endsWith(",ok,")).count(), body);
        String first = "https://example.com/batch/0";
        assertTrue(body.contains(first + "," + Fixtures.stubShortUrl(first) + ",ok,"), body);
    }

    @Test
    void aBatchWhoseUpstreamStaysDownLongerThanMaxWaitGetsItsRowsAsProviderDown() {
        OutageUpstream upstream = OutageUpstream.fresh();
        int rows = 200;
        upstream.down();
        try {
            long start = System.nanoTime();
            String body = request().contentType("text/csv").body(csv("gone", rows)).post("/shorten")
                    .then().statusCode(200).header("X-Shortener-Failed", String.valueOf(rows))
                    .extract().asString();
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();

            long down = body.lines().filter(line -> line.matches(".*,,error,provider down since "
                    + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")).count();
            assertEquals(rows, down, body);
            // shortener.upstream.max-wait is 10 s in this profile: the rows waited about that long, not less.
            assertTrue(waited >= 9_000 && waited < 60_000, "answered after " + waited + " ms");
        } finally {
            upstream.up();
        }
    }
}
