package dev.shortener.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.JobsFixtures;
import dev.shortener.LoopbackUpstream;
import dev.shortener.WithFreshUpstream;
import dev.shortener.config.Provider;
import dev.shortener.links.LinkKey;
import dev.shortener.links.LinkStore;
import dev.shortener.upstream.LinkFields;
import dev.shortener.upstream.UpstreamCall;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The {@code tags}, {@code expires_at} and {@code title} columns through the service: each provider that takes them
 * receives them in its own request shape (in an event-loop model and in worker processes), a provider that does not
 * still shortens the row and says what it ignored in the {@code warning} column, a malformed or past expiry is a row
 * error naming the value, rows that differ in their fields are different links, and jobs carry the fields too.
 */
@QuarkusTest
class LinkFieldsHttpTest extends WithFreshUpstream {

    private static final String FUTURE = "2099-01-31";
    private static final String FUTURE_INSTANT = "2099-01-31T23:59:59Z";

    @Inject
    LinkStore links;

    @ParameterizedTest
    @ValueSource(strings = { "async", "processes" })
    void eachProviderReceivesTheFieldsInItsOwnShape(String model) {
        String url = unique("shape-" + model);
        String body = "url,tags,expires_at,title\n" + url + ",spring;email," + FUTURE + ",Spring sale\n";

        shorten(body, "tinyurl", model).body(org.hamcrest.Matchers.equalTo("url,tags,expires_at,title,short_url,"
                + "status,error,warning\n" + url + ",spring;email," + FUTURE + ",Spring sale,https://tinyurl.com/x"
                + encoded(url) + ",ok,,\n"));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/create")).withRequestBody(equalToJson("{\"url\": \""
                + url + "\", \"domain\": \"tinyurl.com\", \"tags\": \"spring,email\", \"expires_at\": \""
                + FUTURE_INSTANT + "\", \"description\": \"Spring sale\"}")));

        shorten(body, "shlink", model).body(org.hamcrest.Matchers.endsWith(",https://s.test/x" + encoded(url)
                + ",ok,,\n"));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/rest/v3/short-urls")).withRequestBody(equalToJson(
                "{\"longUrl\": \"" + url + "\", \"tags\": [\"spring\", \"email\"], \"validUntil\": "
                        + "\"2099-01-31T23:59:59+00:00\", \"title\": \"Spring sale\", \"findIfExists\": true}")));

        shorten(body, "kutt", model).body(org.hamcrest.Matchers.endsWith(",ok,,kutt takes no tags: ignored\n"));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/api/v2/links"))
                .withRequestBody(matchingJsonPath("$.target", equalTo(url)))
                .withRequestBody(matchingJsonPath("$.description", equalTo("Spring sale")))
                .withRequestBody(matchingJsonPath("$.expire_in", matching("[0-9]+ minutes")))
                .withRequestBody(matchingJsonPath("$.reuse", equalTo("true")))
                .withRequestBody(WireMock.notContaining("spring")));

        shorten(body, "bitly", model).body(org.hamcrest.Matchers.endsWith(",https://bit.ly/t" + encoded(url)
                + ",ok,,bitly takes no expires_at: ignored\n"));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/v4/bitlinks")).withRequestBody(equalToJson(
                "{\"long_url\": \"" + url + "\", \"title\": \"Spring sale\", \"tags\": [\"spring\", \"email\"]}",
                true, true)));
        wiremock.verifyThat(0, postRequestedFor(urlPathEqualTo("/v4/shorten")));
    }

    @Test
    void kuttsExpiryIsTheMinutesLeftRoundedUp() {
        String url = unique("kutt-expiry");
        String soon = Instant.now().plus(Duration.ofMinutes(90)).toString();
        shorten("url,expires_at\n" + url + "," + soon + "\n", "kutt", "async").body(
                org.hamcrest.Matchers.endsWith(",ok,,\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/api/v2/links"))
                .withRequestBody(matchingJsonPath("$.expire_in", matching("(89|90) minutes"))));
    }

    @Test
    void aProviderWithoutFieldsStillShortensTheRowAndWarns() {
        String tagged = unique("legacy-tagged");
        String plain = unique("legacy-plain");
        request().contentType("text/csv").body("url,title,tags\n" + tagged + ",Hello,a;b\n" + plain + ",,\n")
                .post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "0")
                .body(org.hamcrest.Matchers.equalTo("url,title,tags,short_url,status,error,warning\n"
                        + tagged + ",Hello,a;b," + stubShortUrl(tagged) + ",ok,,\"tinyurl-legacy takes no tags, "
                        + "title: ignored\"\n" + plain + ",,," + stubShortUrl(plain) + ",ok,,\n"));

        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                equalTo(tagged)));
    }

    @Test
    void aMalformedOrPastExpiresAtIsARowErrorNamingTheValueAndCostsNoCall() {
        String good = unique("expiry-good");
        String malformed = unique("expiry-malformed");
        String past = unique("expiry-past");
        request().contentType("text/csv").body("url,expires_at\n" + good + "," + FUTURE + "\n" + malformed
                + ",next week\n" + past + ",2020-01-01\n")
                .post("/shorten?provider=shlink")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "2")
                .body(org.hamcrest.Matchers.equalTo("url,expires_at,short_url,status,error,warning\n"
                        + good + "," + FUTURE + ",https://s.test/x" + encoded(good) + ",ok,,\n"
                        + malformed + ",next week,,error,expires_at 'next week' is not an ISO-8601 instant "
                        + "(2027-01-31T18:00:00Z) or date (2027-01-31),\n"
                        + past + ",2020-01-01,,error,expires_at 2020-01-01T23:59:59Z is in the past,\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/rest/v3/short-urls")));
    }

    @Test
    void rowsThatDifferInTheirFieldsAreDifferentLinksAndTheSameFieldsAreReused() {
        String url = unique("dedupe");
        String body = "url,tags\n" + url + ",a\n" + url + ",b\n" + url + ",a\n";
        request().contentType("text/csv").body(body).accept("application/json").post("/shorten?provider=shlink")
                .then().statusCode(200)
                .body("summary.upstreamCalls", org.hamcrest.Matchers.equalTo(2));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/rest/v3/short-urls"))
                .withRequestBody(matchingJsonPath("$.tags[0]", equalTo("a"))));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/rest/v3/short-urls"))
                .withRequestBody(matchingJsonPath("$.tags[0]", equalTo("b"))));

        // The link store keys on the fields too: the same rows again are answered from it, other tags are not.
        List<LinkKey> keys = List.of(key(url, "a"), key(url, "b"));
        LoopbackUpstream.await("both links to be stored", Duration.ofSeconds(10),
                () -> links.lookup(keys).size() == 2);
        wiremock.resetRequests();
        request().contentType("text/csv").body("url,tags\n" + url + ",b\n" + url + ",a\n")
                .post("/shorten?provider=shlink").then().statusCode(200).header("X-Shortener-Failed", "0");
        wiremock.verifyThat(0, postRequestedFor(urlPathEqualTo("/rest/v3/short-urls")));
        wiremock.resetRequests();
        request().contentType("text/csv").body("url,tags\n" + url + ",c\n").post("/shorten?provider=shlink")
                .then().statusCode(200).header("X-Shortener-Failed", "0");
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/rest/v3/short-urls")));
    }

    @Test
    void jsonInputCarriesTheFieldsAndTheAnswerTheWarnings() {
        String first = unique("json-a");
        String second = unique("json-b");
        request().contentType("application/json").body("[{\"url\": \"" + first + "\", \"tags\": [\"x\", \"y\"], "
                + "\"title\": \"T\"}, {\"url\": \"" + second + "\", \"expires_at\": \"" + FUTURE + "\"}, "
                + "{\"url\": \"" + second + "\", \"title\": 7}]")
                .post("/shorten?provider=bitly")
                .then().statusCode(200)
                .body("rows.status", contains("ok", "ok", "error"))
                .body("rows.warning", contains(null, "bitly takes no expires_at: ignored", null))
                .body("rows[2].error", org.hamcrest.Matchers.equalTo("element 3: field \"title\" must be a string"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/v4/bitlinks")).withRequestBody(equalToJson(
                "{\"long_url\": \"" + first + "\", \"title\": \"T\", \"tags\": [\"x\", \"y\"]}", true, true)));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/v4/shorten"))
                .withRequestBody(matchingJsonPath("$.long_url", equalTo(second))));
    }

    @Test
    void aJobSendsTheFieldsAndItsResultHasTheWarningColumn() {
        String url = unique("job-fields");
        String id = request().contentType("text/csv").body("url,title,tags\n" + url + ",Launch,q1\n")
                .post("/jobs?provider=kutt")
                .then().statusCode(202)
                .extract().path("id");
        assertEquals("succeeded", JobsFixtures.awaitFinished(id).getString("state"));

        String result = request().accept("text/csv").get("/jobs/" + id + "/result")
                .then().statusCode(200).extract().asString();
        assertEquals("url,title,tags,short_url,status,error,warning\n" + url + ",Launch,q1,https://kutt.it/x"
                + encoded(url) + ",ok,,kutt takes no tags: ignored\n", result);
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/api/v2/links")).withRequestBody(equalToJson(
                "{\"target\": \"" + url + "\", \"description\": \"Launch\", \"reuse\": true}")));
        List<String> lines = request().accept("application/x-ndjson").get("/jobs/" + id + "/result")
                .then().statusCode(200).extract().asString().lines().toList();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("\"warning\":\"kutt takes no tags: "
                + "ignored\""), lines.get(0));
    }

    private static ValidatableResponse shorten(String csv, String provider, String model) {
        return request().contentType("text/csv").body(csv)
                .post("/shorten?provider=" + provider + "&model=" + model)
                .then().statusCode(200)
                .header("X-Shortener-Failed", "0");
    }

    private LinkKey key(String url, String tags) {
        return links.key(Provider.SHLINK, new UpstreamCall(Provider.SHLINK, url, null, LinkFields.parse(tags, null, null)));
    }

    private static String unique(String what) {
        return "https://example.com/fields/" + what + "/" + UUID.randomUUID();
    }

    private static String encoded(String url) {
        return URLEncoder.encode(url, StandardCharsets.UTF_8);
    }
}
