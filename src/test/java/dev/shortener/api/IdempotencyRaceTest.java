package dev.shortener.api;

import static dev.shortener.Fixtures.request;
import static dev.shortener.JobsFixtures.awaitFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackProfile;
import dev.shortener.LoopbackUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Concurrent submissions under one Idempotency-Key make one job: same request, same answer; another, a 422. */
@QuarkusTest
@TestProfile(LoopbackProfile.class)
class IdempotencyRaceTest {

    private static final int SUBMITTERS = 8;
    /** Rows per body: storing them keeps each submission's transaction open long enough for the others to overlap. */
    private static final int ROWS = 300;

    @TestHTTPResource("/jobs")
    URI jobs;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
    /** This test's URLs start with it: calls another test's job may still make are not counted. */
    private final String prefix = "https://example.com/race/" + UUID.randomUUID() + "/";
    private LoopbackUpstream upstream;

    /** One submission's answer. */
    private record Answer(int status, String contentType, String body) {
    }

    @BeforeEach
    void freshUpstream() {
        upstream = LoopbackUpstream.fresh();
    }

    @AfterEach
    void stopSubmitters() {
        submitters.shutdownNow();
    }

    @Test
    void concurrentSameKeyAndBodyAllAnswerOneJobWhoseUrlsAreSentOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        List<String> urls = urls("same");
        String body = String.join("\n", urls) + "\n";
        Set<String> before = jobIds();

        List<Answer> answers = race(key, i -> body);

        Set<String> ids = new HashSet<>();
        for (Answer answer : answers) {
            assertEquals(202, answer.status(), answer.body());
            ids.add(JsonPath.from(answer.body()).getString("id"));
        }
        assertEquals(1, ids.size(), "every submission answers the same job: " + ids);
        String id = ids.iterator().next();
        assertEquals(Set.of(id), newJobs(before), "jobs created by the race");

        JsonPath done = awaitFinished(id);
        assertEquals("succeeded", done.getString("state"));
        assertEquals(ROWS, done.getInt("rows.ok"));
        Map<String, Long> calls = callsPerUrl();
        for (String url : urls) {
            assertEquals(1L, calls.getOrDefault(url, 0L), "calls for " + url);
        }
        assertEquals(ROWS, calls.size(), "no other URL of this test was sent");
    }

    @Test
    void concurrentSameKeyWithDifferentBodiesMakeOneJobAndTheOthersAre422() throws Exception {
        String key = UUID.randomUUID().toString();
        List<List<String>> bodies = IntStream.range(0, SUBMITTERS).mapToObj(i -> urls("body" + i)).toList();
        Set<String> before = jobIds();

        List<Answer> answers = race(key, i -> String.join("\n", bodies.get(i)) + "\n");

        int winner = -1;
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            if (answer.status() == 202) {
                assertEquals(-1, winner, "a second 202: " + answer.body());
                winner = i;
            } else {
                // Never a 500 or a 503 (the unique index refusing the key is our race, not a store failure).
                assertEquals(422, answer.status(), answer.body());
                assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE), answer.contentType());
                assertTrue(JsonPath.from(answer.body()).getString("detail").contains("Idempotency-Key '" + key + "'"),
                        answer.body());
            }
        }
        assertTrue(winner >= 0, "one submission is accepted");
        String id = JsonPath.from(answers.get(winner).body()).getString("id");
        assertEquals(Set.of(id), newJobs(before), "jobs created by the race");

        assertEquals(ROWS, awaitFinished(id).getInt("rows.ok"));
        Map<String, Long> calls = callsPerUrl();
        assertEquals(new HashSet<>(bodies.get(winner)), calls.keySet(), "only the accepted body's URLs are sent");
        calls.forEach((url, count) -> assertEquals(1L, count, "calls for " + url));
    }

    /**
     * Posts {@code body(i)} from {@link #SUBMITTERS} threads released together by a barrier, all under {@code key};
     * answers in submitter order.
     */
    private List<Answer> race(String key, Function<Integer, String> body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(SUBMITTERS);
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < SUBMITTERS; i++) {
            HttpRequest request = HttpRequest.newBuilder(jobs)
                    .header("Content-Type", "text/plain")
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body.apply(i)))
                    .build();
            futures.add(submitters.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                        response.body());
            }));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : futures) {
            answers.add(future.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    /** Ids of the newest jobs: the tests of this application run one at a time, so new ones are this test's. */
    private static Set<String> jobIds() {
        List<String> ids = request().get("/jobs?limit=100").then().statusCode(200).extract().path("jobs.id");
        return new HashSet<>(ids);
    }

    private static Set<String> newJobs(Set<String> before) {
        Set<String> after = jobIds();
        after.removeAll(before);
        return after;
    }

    /** Calls per URL of this test. */
    private Map<String, Long> callsPerUrl() {
        return upstream.arrivals().stream()
                .filter(arrival -> arrival.url() != null && arrival.url().startsWith(prefix))
                .collect(Collectors.groupingBy(LoopbackUpstream.Arrival::url, Collectors.counting()));
    }

    private List<String> urls(String tag) {
        return IntStream.range(0, ROWS).mapToObj(i -> prefix + tag + "/" + i)
                .toList();
    }
}
