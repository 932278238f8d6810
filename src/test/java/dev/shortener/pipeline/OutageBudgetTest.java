package dev.shortener.pipeline;

import static dev.shortener.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.shortener.JobsFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A provider down for longer than {@code shortener.upstream.outage.max-wait-jobs}: the rows left fail, saying why,
 * and {@code POST /jobs/{id}/retry} finishes them once it is back.
 */
@QuarkusTest
@TestProfile(OutageProfile.ShortJobWait.class)
class OutageBudgetTest {

    @Test
    void rowsLeftWhenTheWaitIsOverFailWithProviderDownSince() {
        OutageUpstream upstream = OutageUpstream.fresh();
        int rows = 2_000;
        String id = JobsFixtures.submit("text/csv", OutageTest.csv("budget", rows));
        JobsFixtures.awaitStatus(id, s -> s.getLong("rows.done") >= rows / 5);
        upstream.down();
        try {
            JsonPath done = Awaitility.await("the job to finish").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> OutageTest.status(id), s -> s.getString("state").equals("succeeded"));
            long ok = done.getLong("rows.ok");
            long failed = done.getLong("rows.failed");
            assertEquals(rows, ok + failed, done.prettify());
            assertTrue(ok >= rows / 5 && failed > 0, done.prettify());
            String result = request().get("/jobs/" + id + "/result").then().statusCode(200).extract().asString();
            long down = result.lines().filter(line -> line.matches(".*,error,provider down since "
                    + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")).count();
            assertEquals(failed, down, result.lines().filter(line -> line.contains(",error,")).findFirst()
                    .orElse("no error row"));
        } finally {
            upstream.up();
        }
        request().post("/jobs/" + id + "/retry").then().statusCode(202);
        Awaitility.await("the retried job to finish").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    JsonPath retried = OutageTest.status(id);
                    assertEquals("succeeded " + rows, retried.getString("state") + " " + retried.getLong("rows.ok"),
                            () -> firstError(id) + " upstream received " + upstream.received());
                });
    }

    private static String firstError(String id) {
        return request().get("/jobs/" + id + "/result?partial=true").then().extract().asString().lines()
                .filter(line -> line.contains(",error,")).findFirst().orElse("no error row");
    }
}
