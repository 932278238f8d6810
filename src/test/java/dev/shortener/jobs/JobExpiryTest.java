package dev.shortener.jobs;

import static dev.shortener.Fixtures.request;
import static dev.shortener.JobsFixtures.awaitFinished;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.shortener.FastExpiryProfile;
import dev.shortener.LoopbackUpstream;
import dev.shortener.store.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Idempotency-Keys are forgotten after {@code shortener.jobs.idempotency-ttl}; jobs deleted after their retention. */
@QuarkusTest
@TestProfile(FastExpiryProfile.class)
class JobExpiryTest {

    @Inject
    Database db;

    @Test
    void anExpiredIdempotencyKeyStartsANewJobForAnotherBody() {
        String key = UUID.randomUUID().toString();
        String first = request().contentType("text/plain").header("Idempotency-Key", key)
                .body("https://example.com/ttl/first\n").post("/jobs").then().statusCode(202).extract().path("id");
        String other = "https://example.com/ttl/other\n";
        request().contentType("text/plain").header("Idempotency-Key", key).body(other)
                .post("/jobs").then().statusCode(422);

        // Within the TTL the other body is refused; once it has passed, the key starts a new job.
        AtomicReference<String> second = new AtomicReference<>();
        LoopbackUpstream.await("the key to expire", Duration.ofSeconds(20), () -> {
            var response = request().contentType("text/plain").header("Idempotency-Key", key).body(other)
                    .post("/jobs");
            if (response.statusCode() == 202) {
                second.set(response.path("id"));
                return true;
            }
            assertEquals(422, response.statusCode(), response.asString());
            return false;
        });
        assertNotEquals(first, second.get());
        // And the key now belongs to the new job: its own body answers it.
        request().contentType("text/plain").header("Idempotency-Key", key).body(other)
                .post("/jobs").then().statusCode(202).body("id", equalTo(second.get()));
    }

    @Test
    void aFinishedJobAndItsRowsAreDeletedAfterTheRetention() throws Exception {
        String id = request().contentType("text/plain").body("https://example.com/retention/1\n"
                + "https://example.com/retention/2\n").post("/jobs").then().statusCode(202).extract().path("id");
        awaitFinished(id);
        assertEquals(2, rowsOf(id));

        LoopbackUpstream.await("the job to be deleted", Duration.ofSeconds(30),
                () -> request().get("/jobs/" + id).statusCode() == 404);
        request().get("/jobs/" + id + "/result").then().statusCode(404);
        assertEquals(0, rowsOf(id));
    }

    private int rowsOf(String id) throws Exception {
        return db.inTransaction(c -> {
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM job_rows WHERE job_id = ?")) {
                count.setString(1, id);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
