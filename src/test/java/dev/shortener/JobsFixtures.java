package dev.shortener;

import static dev.shortener.Fixtures.request;

import java.time.Duration;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;

/** Submitting jobs and waiting for their state, with a deadline instead of fixed sleeps. */
public final class JobsFixtures {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private JobsFixtures() {
    }

    /** Posts {@code body} as a job and answers its id. */
    public static String submit(String contentType, String body) {
        return submit(contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Posts {@code body} as a job and answers its id. */
    public static String submit(String contentType, byte[] body) {
        return request().contentType(contentType).body(body)
                .post("/jobs")
                .then().statusCode(202)
                .extract().path("id");
    }

    /** Polls the job's status until {@code until} holds (or fails after a minute); answers that status. */
    public static JsonPath awaitStatus(String id, Predicate<JsonPath> until) {
        return Awaitility.await("job " + id + " to reach the expected state").atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> request().get("/jobs/" + id).then().statusCode(200).extract().jsonPath(), until::test);
    }

    /** Polls until the job has finished in any way. */
    public static JsonPath awaitFinished(String id) {
        return awaitStatus(id, s -> !s.getString("state").equals("queued") && !s.getString("state").equals("running"));
    }
}
