package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.shortener.Fixtures.request;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Bitly v4: bearer token, domain and group, alias rows refused without a call, 403 RATE_LIMIT_EXCEEDED retried. */
@QuarkusTest
@TestProfile(BitlyProviderTest.BitlyDefault.class)
class BitlyProviderTest {

    /** Bitly as the default provider, with a branded domain and a group. */
    public static class BitlyDefault implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.provider", "bitly",
                    "shortener.bitly.token", "bitly-test-token",
                    "shortener.bitly.domain", "bit.example",
                    "shortener.bitly.group-guid", "Ba1bc23dE4F");
        }
    }

    WireMock wiremock;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @Test
    void sendsTokenDomainAndGroupAndAnAliasRowIsAnErrorRowWithoutACall() {
        request().contentType("text/csv").body("url,alias\nhttps://example.com/b1,\nhttps://example.com/b2,mine\n")
                .post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Provider", "bitly")
                .header("X-Shortener-Failed", "1")
                .body(org.hamcrest.Matchers.equalTo("url,alias,short_url,status,error\n"
                        + "https://example.com/b1,,https://bit.ly/xhttps%3A%2F%2Fexample.com%2Fb1,ok,\n"
                        + "https://example.com/b2,mine,,error,aliases are not supported by provider bitly "
                        + "(POST /v4/shorten takes none); remove the alias\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/v4/shorten"))
                .withHeader("Authorization", equalTo("Bearer bitly-test-token"))
                .withRequestBody(equalToJson("{\"long_url\": \"https://example.com/b1\", \"domain\": \"bit.example\","
                        + " \"group_guid\": \"Ba1bc23dE4F\"}")));
    }

    @Test
    void rateLimitExceededAs403IsRetriedThenShortened() {
        wiremock.register(post(urlPathEqualTo("/v4/shorten")).atPriority(1)
                .inScenario("limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\": \"RATE_LIMIT_EXCEEDED\", \"resource\": \"bitlinks\", "
                                + "\"description\": \"You have exceeded your rate limit.\"}"))
                .willSetStateTo("calm"));

        request().contentType("text/plain").body("https://example.com/b3\n")
                .post("/shorten?model=virtual-threads")
                .then().statusCode(200)
                .header("X-Shortener-Failed", "0");

        wiremock.verifyThat(2, postRequestedFor(urlPathEqualTo("/v4/shorten")));
    }

    @Test
    void otherErrorsAreFinalWithBitlysMessageAndDescription() {
        wiremock.register(post(urlPathEqualTo("/v4/shorten")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\": \"INVALID_ARG_LONG_URL\", \"resource\": \"bitlinks\", "
                                + "\"description\": \"The value provided is invalid.\", \"errors\": "
                                + "[{\"field\": \"long_url\", \"error_code\": \"invalid\"}]}")));

        request().contentType("text/plain").body("https://example.com/b4\n")
                .post("/shorten")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.endsWith(",error,upstream 400: INVALID_ARG_LONG_URL (The value provided "
                        + "is invalid.)\n"));

        wiremock.verifyThat(1, postRequestedFor(urlPathEqualTo("/v4/shorten")));
    }
}
