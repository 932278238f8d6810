package dev.shortener.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static dev.shortener.JobsFixtures.awaitFinished;
import static dev.shortener.JobsFixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import dev.shortener.store.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * What a crashed replica leaves behind, written into the real database as it would be: its chunk is taken over once
 * the lease expires, done rows are not sent again, rows marked sent are resent and counted.
 */
@QuarkusTest
class JobRecoveryTest {

    private static final String ROW_DONE_BEFORE_CRASH = "https://tinyurl.com/made-before-the-crash";

    @Inject
    Database db;
    @Inject
    JobRepository jobs;
    @Inject
    RowRepository rows;
    @Inject
    ChunkRepository chunks;

    private WireMock upstream;

    @BeforeEach
    void resetUpstream() {
        upstream = WireMockUpstreamResource.freshClient();
    }

    @Test
    void deadReplicasChunkIsTakenOverAfterItsLeaseAndOnlyUnfinishedRowsAreSent() {
        List<String> urls = urls("crash", 5);
        String id = crashedJob(urls, System.currentTimeMillis() - 1);

        JsonPath status = awaitFinished(id);
        assertEquals("succeeded", status.getString("state"));
        assertEquals(5, status.getInt("rows.ok"));
        assertEquals(2, status.getInt("rows.resent"), "rows 1 and 2 were marked sent by the dead replica");
        assertEquals(4, status.getInt("upstreamCalls"));
        upstream.verifyThat(0, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                equalTo(urls.get(0))));
        for (String url : urls.subList(1, 5)) {
            upstream.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                    equalTo(url)));
        }
        String result = request().get("/jobs/" + id + "/result").then().statusCode(200).extract().asString();
        StringBuilder expected = new StringBuilder("url,short_url,status,error\n");
        expected.append(urls.get(0)).append(',').append(ROW_DONE_BEFORE_CRASH).append(",ok,\n");
        urls.subList(1, 5).forEach(url -> expected.append(url).append(',').append(stubShortUrl(url)).append(",ok,\n"));
        assertEquals(expected.toString(), result);
    }

    @Test
    void chunkWithALiveLeaseIsLeftToItsOwner() {
        List<String> urls = urls("leased", 5);
        String leased = crashedJob(urls, System.currentTimeMillis() + 3_600_000);
        // A job submitted after it completes: the runner has looked at the leased one and passed it by.
        awaitFinished(submit("text/plain", urls("probe", 1).get(0) + "\n"));
        assertEquals("running", request().get("/jobs/" + leased).then().extract().path("state"));
        for (String url : urls) {
            upstream.verifyThat(0, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                    equalTo(url)));
        }
        db.inTransaction(c -> {
            try (PreparedStatement expire = c.prepareStatement(
                    "UPDATE job_chunks SET lease_until = 0 WHERE job_id = ?")) {
                expire.setString(1, leased);
                return expire.executeUpdate();
            }
        });
        assertEquals("succeeded", awaitFinished(leased).getString("state"));
    }

    @Test
    void smallJobSubmittedAfterAHugeOneIsNotStuckBehindIt() {
        String huge = submit("text/plain", String.join("\n", urls("huge", 600)));
        String small = submit("text/plain", String.join("\n", urls("small", 10)));
        JsonPath smallDone = awaitFinished(small);
        JsonPath hugeDone = awaitFinished(huge);
        assertTrue(Instant.parse(smallDone.getString("finishedAt"))
                .isBefore(Instant.parse(hugeDone.getString("finishedAt"))),
                "small job finished at " + smallDone.getString("finishedAt") + ", huge job at "
                        + hugeDone.getString("finishedAt"));
    }

    /**
     * A job of one chunk leased by a replica that died: row 0 done, rows 1-2 sent, rows 3-4 pending, lease until
     * {@code leaseUntil}.
     */
    private String crashedJob(List<String> urls, long leaseUntil) {
        return db.inTransaction(c -> {
            String id = LeasedJobs.insert(c, jobs, rows, chunks, urls, "dead-replica", leaseUntil);
            rows.markDone(c, List.of(new RowRepository.Done(id, 0, ROW_DONE_BEFORE_CRASH, null, false)));
            rows.markSent(c, List.of(new RowRepository.Ref(id, 1), new RowRepository.Ref(id, 2)));
            return id;
        });
    }

    private static List<String> urls(String tag, int count) {
        String run = UUID.randomUUID().toString();
        return IntStream.range(0, count).mapToObj(i -> "https://example.com/" + tag + "/" + run + "/" + i)
                .collect(Collectors.toList());
    }
}
