package dev.shortener.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.shortener.JobsFixtures;
import dev.shortener.LoopbackUpstream;
import dev.shortener.WithFreshUpstream;
import dev.shortener.api.Problem;
import dev.shortener.config.Provider;
import dev.shortener.links.LinkStore;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code utm_*} parameters on {@code /shorten} and {@code /jobs}: the upstream receives the tagged URL, the answer has
 * a {@code tagged_url} column right after the input columns (only with parameters), the URL's own values win, an
 * over-long value is a 400 naming it, and the link store keys on the tagged URL.
 */
@QuarkusTest
class UtmHttpTest extends WithFreshUpstream {

    @Inject
    LinkStore links;

    @Test
    void theUpstreamGetsTheTaggedUrlAndTheAnswerATaggedUrlColumnAfterTheInput() {
        String plain = unique("plain");
        String own = unique("own") + "?utm_source=partner&x=%2F#top";
        String taggedPlain = plain + "?utm_source=news&utm_medium=e%20mail";
        String taggedOwn = own.replace("#top", "") + "&utm_medium=e%20mail#top";
        request().contentType("text/csv").body("name,url\nA," + plain + "\nB," + own + "\nC,ftp://example.com/c\n")
                .post("/shorten?utm_source=news&utm_medium=e mail&utm_campaign=")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "1")
                .body(org.hamcrest.Matchers.equalTo("name,url,tagged_url,short_url,status,error\n"
                        + "A," + plain + "," + taggedPlain + "," + stubShortUrl(taggedPlain) + ",ok,\n"
                        + "B," + own + "," + taggedOwn + "," + stubShortUrl(taggedOwn) + ",ok,\n"
                        + "C,ftp://example.com/c,ftp://example.com/c?utm_source=news&utm_medium=e%20mail,,error,"
                        + "invalid URL: scheme must be http or https\n"));

        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                equalTo(taggedPlain)));
        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                equalTo(taggedOwn)));
        wiremock.verifyThat(2, getRequestedFor(urlPathEqualTo("/api-create.php")));
    }

    @Test
    void withoutParametersOrWithBlankOnesThereIsNoTaggedUrlColumn() {
        String url = unique("blank");
        request().contentType("text/plain").body(url + "\n").queryParam("utm_source", "  ")
                .queryParam("utm_term", "").post("/shorten")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.equalTo("url,short_url,status,error\n" + url + "," + stubShortUrl(url)
                        + ",ok,\n"));
        request().contentType("application/json").body("[\"" + unique("json") + "\"]").post("/shorten")
                .then().statusCode(200)
                .body("rows[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("tagged_url")));
    }

    @Test
    void anOverlongValueIsA400NamingTheParameterOnShortenAndJobs() {
        String value = "v".repeat(201);
        for (String path : List.of("/shorten", "/jobs")) {
            request().contentType("text/plain").body(unique("long") + "\n").post(path + "?utm_campaign=" + value)
                    .then().statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("detail", org.hamcrest.Matchers.equalTo("query parameter 'utm_campaign' is longer than "
                            + "200 characters"));
        }
    }

    @Test
    void theLinkStoreKeysOnTheTaggedUrl() {
        String url = unique("store");
        String tagged = url + "?utm_source=a";
        request().contentType("text/plain").body(url + "\n").post("/shorten?utm_source=a")
                .then().statusCode(200);
        LoopbackUpstream.await("the tagged link to be stored", Duration.ofSeconds(10),
                () -> links.lookup(List.of(links.key(Provider.TINYURL_LEGACY, tagged, null))).size() == 1);

        request().contentType("text/plain").body(url + "\n").accept("application/json").post("/shorten?utm_source=a")
                .then().statusCode(200)
                .body("summary.upstreamCalls", org.hamcrest.Matchers.equalTo(0))
                .body("rows.tagged_url", contains(tagged))
                .body("rows.short_url", contains(stubShortUrl(tagged)));
        request().contentType("text/plain").body(url + "\n").accept("application/json").post("/shorten?utm_source=b")
                .then().statusCode(200)
                .body("summary.upstreamCalls", org.hamcrest.Matchers.equalTo(1));
        request().contentType("text/plain").body(url + "\n").accept("application/json").post("/shorten")
                .then().statusCode(200)
                .body("summary.upstreamCalls", org.hamcrest.Matchers.equalTo(1))
                .body("rows.short_url", contains(stubShortUrl(url)));

        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                equalTo(tagged)));
    }

    @Test
    void aJobTagsItsRowsAndItsResultHasTheTaggedUrlColumn() {
        String url = unique("job") + "#part";
        String tagged = url.replace("#part", "") + "?utm_source=crm&utm_content=footer#part";
        String id = request().contentType("text/csv").body("url,alias\n" + url + ",\n")
                .post("/jobs?utm_content=footer&utm_source=crm")
                .then().statusCode(202)
                .extract().path("id");
        assertEquals("succeeded", JobsFixtures.awaitFinished(id).getString("state"));

        request().accept("text/csv").get("/jobs/" + id + "/result")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.equalTo("url,alias,tagged_url,short_url,status,error\n" + url + ",,"
                        + tagged + "," + stubShortUrl(tagged) + ",ok,\n"));
        request().accept("application/x-ndjson").get("/jobs/" + id + "/result")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("\"tagged_url\":\"" + tagged + "\""));
        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                equalTo(tagged)));
    }

    @Test
    void theUtmParametersArePartOfTheRequestAnIdempotencyKeyCompares() {
        String body = unique("idempotent") + "\n";
        String key = "utm-" + UUID.randomUUID();
        String id = request().contentType("text/plain").header("Idempotency-Key", key).body(body)
                .post("/jobs?utm_source=a").then().statusCode(202).extract().path("id");

        request().contentType("text/plain").header("Idempotency-Key", key).body(body).post("/jobs?utm_source=a")
                .then().statusCode(202).body("id", org.hamcrest.Matchers.equalTo(id));
        request().contentType("text/plain").header("Idempotency-Key", key).body(body).post("/jobs?utm_source=b")
                .then().statusCode(422).contentType(Problem.MEDIA_TYPE);
    }

    private static String unique(String what) {
        return "https://example.com/utm/" + what + "/" + UUID.randomUUID();
    }
}
