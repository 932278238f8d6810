package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Provider {@code tinyurl} (API v2): bearer token, JSON body with domain and alias, errors[0] in the row. */
@QuarkusTest
@TestProfile(TinyUrlProviderTest.TinyUrlV2.class)
class TinyUrlProviderTest {

    WireMock wiremock;

    /** Switches the provider to the v2 API with a known token and domain. */
    public static class TinyUrlV2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.provider", "tinyurl",
                    "shortener.tinyurl.token", "test-token-123",
                    "shortener.tinyurl.domain", "tiny.one");
        }
    }

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @Test
    void sendsTheBearerTokenDomainAndAliasAndReadsTinyUrl() {
        request().contentType("text/csv").body("url,alias\nhttps://example.com/v2,v2alias\nhttps://example.com/v2b,\n")
                .post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "0")
                .body(org.hamcrest.Matchers.equalTo("url,alias,short_url,status,error\n"
                        + "https://example.com/v2,v2alias,https://tinyurl.com/v2alias,ok,\n"
                        + "https://example.com/v2b,,https://tinyurl.com/xhttps%3A%2F%2Fexample.com%2Fv2b,ok,\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/create"))
                .withHeader("Authorization", equalTo("Bearer test-token-123"))
                .withRequestBody(equalToJson(
                        "{\"url\": \"https://example.com/v2\", \"domain\": \"tiny.one\", \"alias\": \"v2alias\"}")));
        // Without an alias the field is left out rather than sent as null or "".
        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/create"))
                .withRequestBody(matchingJsonPath("$.url", equalTo("https://example.com/v2b")))
                .withRequestBody(WireMock.notContaining("alias")));
    }

    @Test
    void unprocessableAliasIsReportedWithTheUpstreamMessageAndNotRetried() {
        wiremock.register(post(urlPathEqualTo("/create")).atPriority(1)
                .withRequestBody(containing("taken"))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"data\": [], \"code\": 5, \"errors\": [\"Alias is not available.\"]}")));

        request().contentType("application/json").accept("text/csv")
                .body("[{\"url\": \"https://example.com/x\", \"alias\": \"taken\"}]")
                .post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "1")
                .body(org.hamcrest.Matchers.equalTo("url,alias,short_url,status,error\n"
                        + "https://example.com/x,taken,,error,upstream 422: Alias is not available.\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/create")));
    }
}
