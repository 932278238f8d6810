package dev.shortener.links;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackUpstream;
import dev.shortener.WithFreshUpstream;
import dev.shortener.config.Provider;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /shorten} with {@code shortener.links.reuse=true} (the default): a link made once is answered from the link
 * store the next time, for the provider that made it only; failed rows are not stored.
 */
@QuarkusTest
class ShortenReuseTest extends WithFreshUpstream {

    static final String A = "https://example.com/reuse/a";
    static final String B = "https://example.com/reuse/b";

    @Inject
    LinkStore links;

    @Test
    void aSecondBatchOfTheSameUrlsMakesNoUpstreamCall() {
        String expected = "url,short_url,status,error\n" + A + "," + stubShortUrl(A) + ",ok,\n" + B + ","
                + stubShortUrl(B) + ",ok,\n";
        request().contentType("text/plain").body(A + "\n" + B + "\n").post("/shorten")
                .then().statusCode(200).body(org.hamcrest.Matchers.equalTo(expected));
        awaitStored(Provider.TINYURL_LEGACY, A, B);

        request().contentType("text/plain").body(B + "\n" + A + "\n" + A + "\n").accept("application/json")
                .post("/shorten")
                .then().statusCode(200)
                .body("summary.upstreamCalls", org.hamcrest.Matchers.equalTo(0))
                .body("rows.short_url", org.hamcrest.Matchers.contains(stubShortUrl(B), stubShortUrl(A),
                        stubShortUrl(A)));
        request().contentType("text/plain").body(A + "\n" + B + "\n").post("/shorten")
                .then().statusCode(200).body(org.hamcrest.Matchers.equalTo(expected));

        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url", equalTo(A)));
        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url", equalTo(B)));
    }

    @Test
    void aLinkIsOnlyReusedForTheProviderThatMadeIt() {
        String url = "https://example.com/reuse/provider";
        request().contentType("text/plain").body(url + "\n").post("/shorten").then().statusCode(200);
        awaitStored(Provider.TINYURL_LEGACY, url);

        request().contentType("text/plain").body(url + "\n").post("/shorten?provider=isgd")
                .then().statusCode(200).header("X-Shortener-Failed", "0")
                .body(org.hamcrest.Matchers.containsString("https://is.gd/"));
        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo("/create.php")).withQueryParam("url", equalTo(url)));
    }

    @Test
    void aFailedRowIsNotStoredAndIsCalledAgainNextTime() {
        String url = "https://example.com/reuse/failing";
        wiremock.register(get(urlPathEqualTo("/api-create.php")).withQueryParam("url", equalTo(url)).atPriority(1)
                .willReturn(serverError()));
        request().contentType("text/plain").body(url + "\n").post("/shorten?model=sync")
                .then().statusCode(200).header("X-Shortener-Failed", "1");
        int firstAttempts = wiremock.find(getRequestedFor(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", equalTo(url))).size();

        request().contentType("text/plain").body(url + "\n").post("/shorten?model=sync")
                .then().statusCode(200).header("X-Shortener-Failed", "1");
        assertEquals(2 * firstAttempts, wiremock.find(getRequestedFor(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", equalTo(url))).size(), "the second batch called the upstream again");
        assertEquals(Map.of(), links.lookup(List.of(links.key(Provider.TINYURL_LEGACY, url, null))));
    }

    @Test
    void aBatchLargerThanOneLookupPieceIsAnsweredInOrderWithKnownLinksFromEveryPiece() {
        // 2,500 distinct URLs are read from the store in three pieces; every third is known from a first batch.
        List<String> urls = java.util.stream.IntStream.range(0, 2500)
                .mapToObj(i -> "https://example.com/reuse/pieces/" + i).toList();
        List<String> known = java.util.stream.IntStream.range(0, 2500).filter(i -> i % 3 == 0).mapToObj(urls::get)
                .toList();
        request().contentType("text/plain").body(String.join("\n", known) + "\n").post("/shorten")
                .then().statusCode(200).header("X-Shortener-Failed", "0");
        awaitStored(Provider.TINYURL_LEGACY, known.toArray(String[]::new));
        wiremock.resetRequests();

        StringBuilder expected = new StringBuilder("url,short_url,status,error\n");
        urls.forEach(url -> expected.append(url).append(',').append(stubShortUrl(url)).append(",ok,\n"));
        request().contentType("text/plain").body(String.join("\n", urls) + "\n").post("/shorten")
                .then().statusCode(200).body(org.hamcrest.Matchers.equalTo(expected.toString()));
        assertEquals(urls.size() - known.size(), wiremock.find(getRequestedFor(urlPathEqualTo("/api-create.php")))
                .size(), "only the unknown URLs reached the upstream");
        for (String url : List.of(known.get(0), known.get(500), known.get(known.size() - 1))) {
            wiremock.verifyThat(0, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url",
                    equalTo(url)));
        }
    }

    /** /shorten saves its new links in the background: wait until they are there. */
    private void awaitStored(Provider provider, String... urls) {
        List<LinkKey> keys = java.util.Arrays.stream(urls).map(url -> links.key(provider, url, null)).toList();
        LoopbackUpstream.await("the links to be stored", Duration.ofSeconds(10),
                () -> links.lookup(keys).size() == keys.size());
    }
}
