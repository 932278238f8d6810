package dev.shortener.jobs;

import static dev.shortener.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.shortener.api.Problem;
import dev.shortener.batch.UtmTags;
import io.quarkus.test.junit.QuarkusTest;

/** Jobs belong to the identity that created them: to anyone else they do not exist. */
@QuarkusTest
class JobOwnershipTest {

    @Inject
    JobService jobs;

    @Test
    void anotherCallersJobIsA404AndNotListed() {
        String id = jobs.submit(new ByteArrayInputStream("https://example.com/owned-by-bob\n"
                .getBytes(StandardCharsets.UTF_8)), "text/plain", null, Optional.empty(), Optional.empty(),
                UtmTags.NONE, "bob", Optional.empty(), Optional.empty())
                .status().id();

        // The HTTP caller here is anonymous (owner ""), not bob.
        request().get("/jobs/" + id).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        request().get("/jobs/" + id + "/result?partial=true").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        request().get("/jobs/" + id + "/events").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        request().delete("/jobs/" + id).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        request().post("/jobs/" + id + "/retry").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        request().get("/jobs/" + id + "/qr.zip").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        List<String> listed = request().get("/jobs?limit=100").then().statusCode(200).extract().path("jobs.id");
        assertFalse(listed.contains(id));

        assertEquals(id, jobs.status(id, "bob").id());
    }
}
