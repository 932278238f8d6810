package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Provider {@code tinyurl-bulk} against a stateful fake of TinyURL's bulk interface ({@link dev.shortener.FakeTinyUrlBulk}):
 * chunks of 100 per {@code POST /bulk}, status polled until processed, the report (reversed by the fake) matched back
 * by metadata, failed items and requests that never complete as error rows.
 */
@QuarkusTest
class TinyUrlBulkProviderTest {

    WireMock wiremock;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @Test
    void sendsOneBulkRequestPerChunkOf100PollsUntilProcessedAndMatchesTheReportByMetadata() {
        List<String> urls = IntStream.range(0, 250).mapToObj(i -> "https://example.com/bulk/" + i).toList();

        String csv = request().contentType("text/plain").body(String.join("\n", urls) + "\n")
                .post("/shorten?provider=tinyurl-bulk")
                .then().statusCode(200)
                .header("X-Shortener-Provider", "tinyurl-bulk")
                .header("X-Shortener-Failed", "0")
                .extract().asString();

        List<String> lines = csv.lines().skip(1).toList();
        assertEquals(250, lines.size());
        for (int i = 0; i < urls.size(); i++) {
            // Every row gets the link made for its own URL, although each report lists its items in reverse.
            assertEquals(urls.get(i) + "," + stubShortUrl(urls.get(i)) + ",ok,", lines.get(i));
        }
        wiremock.verifyThat(3, postRequestedFor(urlPathEqualTo("/bulk"))
                .withHeader("Authorization", equalTo("Bearer dev-token")));
        wiremock.verifyThat(2, postRequestedFor(urlPathEqualTo("/bulk"))
                .withRequestBody(matchingJsonPath("$.items[99].operation", equalTo("create")))
                .withRequestBody(matchingJsonPath("$.domain", equalTo("tinyurl.com"))));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/bulk"))
                .withRequestBody(matchingJsonPath("$.items[49].metadata[0]", equalTo("49")))
                .withRequestBody(WireMock.notMatching(".*\"metadata\":\\[\"50\"\\].*")));
        // The fake answers "processing" to the first poll of each request: two polls each, then one report.
        wiremock.verifyThat(6, getRequestedFor(urlPathMatching("/bulk/[^/]+/status")));
        wiremock.verifyThat(3, getRequestedFor(urlPathMatching("/bulk/[^/]+/report")));
    }

    @Test
    void aFailedItemIsAnErrorRowWithItsCommentAndAliasesAreSent() {
        request().contentType("text/csv")
                .body("url,alias\nhttps://example.com/bulk-fail,\nhttps://example.com/fine,bulkalias\n")
                .post("/shorten?provider=tinyurl-bulk&model=virtual-threads")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "1")
                .body(org.hamcrest.Matchers.equalTo("url,alias,short_url,status,error\n"
                        + "https://example.com/bulk-fail,,,error,upstream bulk item failed: The URL is invalid.\n"
                        + "https://example.com/fine,bulkalias,https://tinyurl.com/bulkalias,ok,\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/bulk"))
                .withRequestBody(matchingJsonPath("$.items[1].alias", equalTo("bulkalias"))));
    }

    @Test
    void aBulkRequestThatNeverCompletesTimesOutIntoErrorRows() {
        wiremock.register(get(urlPathMatching("/bulk/[^/]+/status")).atPriority(1)
                .willReturn(okJson("{\"data\": {\"status\": 1, \"total\": 2}, \"code\": 0, \"errors\": []}")));

        String csv = request().contentType("text/plain").body("https://example.com/slow/1\nhttps://example.com/slow/2\n")
                .post("/shorten?provider=tinyurl-bulk")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "2")
                .extract().asString();

        // %test sets shortener.tinyurl-bulk.timeout=2s.
        csv.lines().skip(1).forEach(line -> org.hamcrest.MatcherAssert.assertThat(line,
                org.hamcrest.Matchers.matchesPattern(
                        "https://example.com/slow/\\d,,error,bulk request \\d+ was not processed within 2 s")));
        wiremock.verifyThat(0, getRequestedFor(urlPathMatching("/bulk/[^/]+/report")));
    }

    @Test
    void theProcessesModelCannotRunBulkRequestsAndSaysSo() {
        request().contentType("text/plain").body("https://example.com/p\n")
                .post("/shorten?provider=tinyurl-bulk&model=processes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("processes model does not support"));

        wiremock.verifyThat(0, postRequestedFor(urlPathEqualTo("/bulk")));
    }
}
