package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Shlink, Kutt and YOURLS: their keys and reuse flags are sent (so a retry never makes a duplicate), a URL YOURLS
 * already has answers its existing short URL, and a taken alias is a final error row with the server's message.
 * Each runs in a model of each kind: event loop and worker process.
 */
@QuarkusTest
class SelfHostedProvidersTest {

    WireMock wiremock;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @ParameterizedTest
    @ValueSource(strings = { "async", "processes" })
    void shlinkSendsItsApiKeyCustomSlugAndFindIfExists(String model) {
        request().contentType("text/csv").body("url,alias\nhttps://example.com/s1,slug1\nhttps://example.com/s2,taken\n")
                .post("/shorten?provider=shlink&model=" + model)
                .then().statusCode(200)
                .header("X-Shortener-Provider", "shlink")
                .body(equalTo("url,alias,short_url,status,error\n"
                        + "https://example.com/s1,slug1,https://s.test/slug1,ok,\n"
                        + "https://example.com/s2,taken,,error,\"upstream 400: Provided slug \"\"taken\"\" is "
                        + "already in use.\"\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/rest/v3/short-urls"))
                .withHeader("X-Api-Key", WireMock.equalTo("dev-shlink-key"))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"longUrl\": \"https://example.com/s1\", \"customSlug\": \"slug1\", "
                        + "\"findIfExists\": true}")));
        wiremock.verifyThat(2, postRequestedFor(urlPathEqualTo("/rest/v3/short-urls")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "async", "processes" })
    void kuttSendsItsApiKeyCustomUrlAndReuse(String model) {
        request().contentType("text/csv").body("url,alias\nhttps://example.com/k1,\nhttps://example.com/k2,taken\n")
                .post("/shorten?provider=kutt&model=" + model)
                .then().statusCode(200)
                .header("X-Shortener-Provider", "kutt")
                .body(equalTo("url,alias,short_url,status,error\n"
                        + "https://example.com/k1,,https://kutt.it/xhttps%3A%2F%2Fexample.com%2Fk1,ok,\n"
                        + "https://example.com/k2,taken,,error,upstream 400: Custom URL is already in use.\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/api/v2/links"))
                .withHeader("X-API-KEY", WireMock.equalTo("dev-kutt-key"))
                .withRequestBody(equalToJson("{\"target\": \"https://example.com/k1\", \"reuse\": true}")));
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/api/v2/links"))
                .withRequestBody(equalToJson("{\"target\": \"https://example.com/k2\", \"customurl\": \"taken\", "
                        + "\"reuse\": true}")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "async", "processes" })
    void yourlsAnswersAnExistingUrlsShortUrlAndKeepsTheSignatureOutOfTheUrl(String model) {
        request().contentType("text/csv").body("url,alias\nhttps://example.com/already-shortened,\n"
                + "https://example.com/y1,kw1\nhttps://example.com/y2,taken\n")
                .post("/shorten?provider=yourls&model=" + model)
                .then().statusCode(200)
                .header("X-Shortener-Provider", "yourls")
                .header("X-Shortener-Failed", "1")
                .body(equalTo("url,alias,short_url,status,error\n"
                        + "https://example.com/already-shortened,,https://sho.rt/old1,ok,\n"
                        + "https://example.com/y1,kw1,https://sho.rt/kw1,ok,\n"
                        + "https://example.com/y2,taken,,error,upstream 200: Short URL taken already exists in "
                        + "database or is reserved\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/yourls-api.php"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(WireMock.equalTo("action=shorturl&format=json&url=https%3A%2F%2Fexample.com%2Fy1"
                        + "&keyword=kw1&signature=dev-yourls-signature")));
        // The signature travels in the form body only: never in a URL that proxies and access logs keep.
        wiremock.verifyThat(0, postRequestedFor(WireMock.urlMatching(".*signature.*")));
    }
}
