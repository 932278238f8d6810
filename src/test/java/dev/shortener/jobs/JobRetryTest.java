package dev.shortener.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.JobsFixtures.awaitFinished;
import static dev.shortener.JobsFixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.shortener.Fixtures;
import dev.shortener.WireMockUpstreamResource;
import dev.shortener.api.Problem;
import dev.shortener.ingest.Ingest;
import dev.shortener.ingest.Workbooks;
import dev.shortener.results.XlsxResultsTestAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code POST /jobs/{id}/retry}: after an upstream outage, the rows that can change run again; the others stay. */
@QuarkusTest
class JobRetryTest {

    private WireMock upstream;

    @BeforeEach
    void resetUpstream() {
        upstream = WireMockUpstreamResource.freshClient();
    }

    @Test
    void retryAfterAnOutageBringsEveryRetryableRowToOkWithoutCreatingAnyLinkTwice() {
        String run = UUID.randomUUID().toString();
        List<String> fine = urls(run, "fine", 6);
        List<String> down = urls(run, "outage", 5);
        List<String> refused = urls(run, "refused", 2);
        StubMapping outage = outage(".*/outage/.*");
        upstream.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", matching(".*/refused/.*"))
                .willReturn(aResponse().withStatus(400).withBody("Error")));
        List<String> lines = new ArrayList<>();
        lines.add("url");
        for (int i = 0; i < 6; i++) {
            lines.add(fine.get(i));
            if (i < down.size()) {
                lines.add(down.get(i));
            }
            if (i < refused.size()) {
                lines.add(refused.get(i));
            }
        }
        lines.add("not a url");
        lines.add("ftp://example.com/not-http");
        String id = submit("text/csv", String.join("\n", lines) + "\n");

        JsonPath first = awaitFinished(id);
        assertEquals("succeeded", first.getString("state"));
        assertEquals(6, first.getInt("rows.ok"));
        assertEquals(9, first.getInt("rows.failed"));
        Map<String, Integer> callsBefore = calls(down);

        upstream.removeStubMapping(outage);
        request().post("/jobs/" + id + "/retry")
                .then().statusCode(202)
                .contentType("application/json")
                .body("id", org.hamcrest.Matchers.equalTo(id))
                .body("state", org.hamcrest.Matchers.equalTo("running"));
        JsonPath second = awaitFinished(id);

        assertEquals("succeeded", second.getString("state"));
        assertEquals(15, second.getInt("rows.total"));
        assertEquals(15, second.getInt("rows.done"));
        assertEquals(11, second.getInt("rows.ok"));
        assertEquals(4, second.getInt("rows.failed"));
        // Every row that was ok was not called again; each outage row exactly once more, and answered then.
        calls(fine).forEach((url, n) -> assertEquals(1, n, url));
        calls(down).forEach((url, n) -> assertEquals(callsBefore.get(url) + 1, n, url));
        calls(refused).forEach((url, n) -> assertEquals(1, n, url));

        Map<String, String> result = request().get("/jobs/" + id + "/result").then().statusCode(200)
                .extract().asString().lines().skip(1)
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(',')), Function.identity()));
        for (String url : down) {
            assertEquals(url + "," + Fixtures.stubShortUrl(url) + ",ok,", result.get(url));
        }
        for (String url : refused) {
            assertTrue(result.get(url).contains(",error,upstream 400"), result.get(url));
        }
        assertTrue(result.get("not a url").contains(",error,"), result.get("not a url"));

        // Nothing left to retry: answered as it is, and no call is made.
        upstream.resetRequests();
        request().post("/jobs/" + id + "/retry").then().statusCode(202).body("state",
                org.hamcrest.Matchers.equalTo("succeeded"));
        upstream.verifyThat(0, getRequestedFor(urlPathEqualTo("/api-create.php")));
    }

    @Test
    void cancelledRowsRunAgainAndARunningJobIsAConflict() {
        StubMapping slow = upstream.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", matching(".*/retry-slow/.*"))
                .willReturn(aResponse().withFixedDelay(1500).withBody("https://tinyurl.com/slow")));
        List<String> urls = urls(UUID.randomUUID().toString(), "retry-slow", 50);
        String id = submit("text/plain", String.join("\n", urls));

        request().post("/jobs/" + id + "/retry").then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("detail", org.hamcrest.Matchers.containsString("only a job that has ended"));
        request().delete("/jobs/" + id).then().statusCode(200);
        upstream.removeStubMapping(slow);

        request().post("/jobs/" + id + "/retry").then().statusCode(202);
        JsonPath done = awaitFinished(id);
        assertEquals("succeeded", done.getString("state"));
        assertEquals(50, done.getInt("rows.ok"), done.prettify());
        assertEquals(0, done.getInt("rows.failed"));
    }

    @Test
    void aUtmJobsRetriedRowsShortenTheirTaggedUrl() {
        List<String> urls = urls(UUID.randomUUID().toString(), "utm-outage", 3);
        List<String> tagged = urls.stream().map(url -> url + "?utm_source=crm&utm_campaign=spring").toList();
        StubMapping outage = outage(".*/utm-outage/.*");
        String id = request().contentType("text/plain").body(String.join("\n", urls) + "\n")
                .post("/jobs?utm_campaign=spring&utm_source=crm").then().statusCode(202).extract().path("id");
        assertEquals(3, awaitFinished(id).getInt("rows.failed"));

        upstream.removeStubMapping(outage);
        request().post("/jobs/" + id + "/retry").then().statusCode(202);
        assertEquals(3, awaitFinished(id).getInt("rows.ok"));

        List<String> expected = new ArrayList<>(List.of("url,tagged_url,short_url,status,error"));
        for (int i = 0; i < urls.size(); i++) {
            expected.add(urls.get(i) + "," + tagged.get(i) + "," + Fixtures.stubShortUrl(tagged.get(i)) + ",ok,");
        }
        assertEquals(expected, request().get("/jobs/" + id + "/result").then().statusCode(200).extract().asString()
                .lines().toList());
        calls(urls).forEach((url, n) -> assertEquals(0, n, "the untagged " + url + " is never sent"));
        calls(tagged).forEach((url, n) -> assertTrue(n >= 2, url + " sent in the first run and in the retry"));
    }

    @Test
    void anExcelJobsResultIsStillAnXlsxAfterItsRetry() throws Exception {
        List<String> urls = urls(UUID.randomUUID().toString(), "xlsx-outage", 4);
        StubMapping outage = outage(".*/xlsx-outage/.*[13]$");
        String id = submit(Ingest.XLSX, Workbooks.poi(workbook -> {
            var sheet = workbook.createSheet("Links");
            sheet.createRow(0).createCell(0).setCellValue("url");
            for (int i = 0; i < urls.size(); i++) {
                sheet.createRow(i + 1).createCell(0).setCellValue(urls.get(i));
            }
        }));
        assertEquals(2, awaitFinished(id).getInt("rows.failed"));

        upstream.removeStubMapping(outage);
        request().post("/jobs/" + id + "/retry").then().statusCode(202);
        assertEquals(4, awaitFinished(id).getInt("rows.ok"));

        byte[] result = request().get("/jobs/" + id + "/result").then().statusCode(200).contentType(Ingest.XLSX)
                .header("Content-Disposition", org.hamcrest.Matchers.endsWith(".xlsx\"")).extract().asByteArray();
        List<List<String>> rows = XlsxResultsTestAccess.read(result);
        assertEquals(List.of("url", "short_url", "status", "error"), rows.get(0));
        for (int i = 0; i < urls.size(); i++) {
            assertEquals(List.of(urls.get(i), Fixtures.stubShortUrl(urls.get(i)), "ok", ""), rows.get(i + 1));
        }
    }

    @Test
    void unknownJobIsA404Problem() {
        request().post("/jobs/" + UUID.randomUUID() + "/retry").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }

    private Map<String, Integer> calls(List<String> urls) {
        return urls.stream().collect(Collectors.toMap(Function.identity(), url -> upstream.find(
                getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url", equalTo(url))).size()));
    }

    private StubMapping outage(String urlPattern) {
        return upstream.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", matching(urlPattern))
                .willReturn(aResponse().withStatus(503).withBody("down for maintenance")));
    }

    private static List<String> urls(String run, String kind, int n) {
        return IntStream.range(0, n).mapToObj(i -> "https://example.com/" + kind + "/" + run + "/" + i).toList();
    }
}
