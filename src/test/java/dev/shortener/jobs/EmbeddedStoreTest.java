package dev.shortener.jobs;

import static dev.shortener.Fixtures.request;
import static dev.shortener.JobsFixtures.awaitFinished;
import static dev.shortener.JobsFixtures.awaitStatus;
import static dev.shortener.JobsFixtures.submit;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.shortener.EmbeddedOneSlotProfile;
import dev.shortener.Fixtures;
import dev.shortener.ManagementPortResource;
import dev.shortener.store.Database;
import dev.shortener.webhooks.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Smoke path on the embedded engine (H2 file), as on a machine without a database server. */
@QuarkusTest
@TestProfile(EmbeddedOneSlotProfile.class)
class EmbeddedStoreTest {

    @Inject
    Database db;

    @Test
    void jobRunsToTheSameResultOnTheEmbeddedDatabase() {
        assertTrue(db.embedded());
        String id = submit("text/csv", Fixtures.batch("mixed.csv"));
        assertEquals("succeeded", awaitFinished(id).getString("state"));
        request().get("/jobs/" + id + "/result").then().statusCode(200)
                .body(equalTo(Fixtures.text("mixed.expected.csv")));
        String again = submit("text/csv", Fixtures.batch("mixed.csv"));
        assertEquals(5, awaitFinished(again).getInt("rows.reused"), "link store works on H2 too");
        request().get(ManagementPortResource.url("/q/health/ready")).then().statusCode(200);
    }

    @Test
    void retryAndWebhookDeliveryWorkOnTheEmbeddedDatabase() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookReceiver.TEST_SECRET, 500, 200)) {
            String id = request().contentType("text/csv").queryParam("callback", receiver.url())
                    .body(Fixtures.batch("mixed.csv")).post("/jobs").then().statusCode(202).extract().path("id");
            JsonPath status = awaitStatus(id, s -> "delivered".equals(s.getString("callback.state")));
            assertEquals(2, status.getInt("callback.attempts"));
            assertTrue(receiver.deliveries().stream().allMatch(WebhookReceiver.Delivery::verified));
            // mixed.csv fails only on input (no retryable row): the job is answered as it is.
            request().post("/jobs/" + id + "/retry").then().statusCode(202).body("state", equalTo("succeeded"));
        }
    }
}
