package dev.shortener.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.JobsFixtures.awaitStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.shortener.AutoWebhooksProfile;
import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Job-end webhooks against a receiver on loopback that verifies them the Standard Webhooks way. */
@QuarkusTest
@TestProfile(AutoWebhooksProfile.class)
class WebhookTest {

    static final String SECRET = WebhookReceiver.TEST_SECRET;

    @Test
    void answered500TwiceThen200TheWebhookIsDeliveredSignedOnTheThirdAttempt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 500, 500, 200)) {
            String id = submit(receiver, 3);
            JsonPath status = awaitStatus(id, s -> "delivered".equals(s.getString("callback.state")));

            assertEquals("succeeded", status.getString("state"));
            assertEquals(receiver.url(), status.getString("callback.url"));
            assertEquals(3, status.getInt("callback.attempts"));
            assertEquals(200, status.getInt("callback.lastStatus"));
            List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
            assertEquals(List.of(500, 500, 200), deliveries.stream().map(WebhookReceiver.Delivery::answered).toList());
            deliveries.forEach(d -> assertTrue(d.verified(), "signature and timestamp verify: " + d));
            assertEquals(1, deliveries.stream().map(WebhookReceiver.Delivery::id).distinct().count(),
                    "one message, the same webhook-id on every attempt");
            assertEquals(1, deliveries.stream().map(WebhookReceiver.Delivery::body).distinct().count());

            JsonPath message = JsonPath.from(deliveries.get(0).body());
            assertEquals("job.finished", message.getString("type"));
            assertEquals(status.getString("finishedAt"), message.getString("timestamp"));
            assertEquals(id, message.getString("data.id"));
            assertEquals("succeeded", message.getString("data.state"));
            assertEquals(3, message.getInt("data.rows.ok"));
            long finished = Instant.parse(status.getString("finishedAt")).getEpochSecond();
            assertTrue(deliveries.get(0).timestamp() >= finished, "webhook-timestamp is the attempt's time");
        }
    }

    @Test
    void aCancelledJobCallsBackAndItsRetryCallsBackAgainWithANewMessage() throws Exception {
        WireMock upstream = WireMockUpstreamResource.freshClient();
        StubMapping slow = upstream.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", matching(".*/hook-slow/.*"))
                .willReturn(aResponse().withFixedDelay(1500).withBody("https://tinyurl.com/slow")));
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 200)) {
            String body = IntStream.range(0, 20).mapToObj(i -> "https://example.com/hook-slow/" + UUID.randomUUID())
                    .collect(Collectors.joining("\n"));
            String id = request().contentType("text/plain").queryParam("callback", receiver.url()).body(body)
                    .post("/jobs").then().statusCode(202).extract().path("id");
            request().delete("/jobs/" + id).then().statusCode(200);
            awaitStatus(id, s -> "delivered".equals(s.getString("callback.state")));
            upstream.removeStubMapping(slow);

            request().post("/jobs/" + id + "/retry").then().statusCode(202);
            JsonPath status = awaitStatus(id, s -> "succeeded".equals(s.getString("state"))
                    && "delivered".equals(s.getString("callback.state")));
            assertEquals(1, status.getInt("callback.attempts"), "the latest delivery's attempts");
            List<WebhookReceiver.Delivery> deliveries = receiver.deliveries();
            assertEquals(2, deliveries.size());
            assertEquals("cancelled", JsonPath.from(deliveries.get(0).body()).getString("data.state"));
            assertEquals("succeeded", JsonPath.from(deliveries.get(1).body()).getString("data.state"));
            assertEquals(20, JsonPath.from(deliveries.get(1).body()).getInt("data.rows.ok"));
            assertNotEquals(deliveries.get(0).id(), deliveries.get(1).id(), "each job end is a message of its own");
        }
    }

    @Test
    void aReceiverThatNeverAcceptsIsGivenUpAfterTheRetryWindow() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 503)) {
            String id = submit(receiver, 1);
            JsonPath status = awaitStatus(id, s -> "failed".equals(s.getString("callback.state")));
            assertEquals(503, status.getInt("callback.lastStatus"));
            assertTrue(status.getInt("callback.attempts") >= 3, status.prettify());
            assertEquals(status.getInt("callback.attempts"), receiver.deliveries().size());
        }
    }

    @Test
    void theReceiverRefusesAForgedSignature() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, 200)) {
            String body = "{\"type\":\"job.finished\"}";
            long now = System.currentTimeMillis() / 1000;
            String forged = new WebhookSigner("whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB").sign("msg_1", now, body);
            HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    receiver.url())).header("webhook-id", "msg_1").header("webhook-timestamp", Long.toString(now))
                    .header("webhook-signature", forged).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(400, answer.statusCode());
            assertFalse(receiver.deliveries().get(0).verified());
        }
    }

    @Test
    void aJobWithoutCallbackHasNone() {
        String id = request().contentType("text/plain").body("https://example.com/no-hook/" + UUID.randomUUID())
                .post("/jobs").then().statusCode(202).extract().path("id");
        Object callback = awaitStatus(id, s -> "succeeded".equals(s.getString("state"))).get("callback");
        assertEquals(null, callback);
    }

    private static String submit(WebhookReceiver receiver, int rows) {
        String body = IntStream.range(0, rows).mapToObj(i -> "https://example.com/hook/" + UUID.randomUUID())
                .collect(Collectors.joining("\n"));
        return request().contentType("text/plain").queryParam("callback", receiver.url()).body(body)
                .post("/jobs").then().statusCode(202)
                .body("callback.state", org.hamcrest.Matchers.equalTo("pending"))
                .extract().path("id");
    }
}
