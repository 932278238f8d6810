package dev.shortener.links;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.FastExpiryProfile;
import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code shortener.links.reuse=false}: {@code /shorten} always calls the upstream. */
@QuarkusTest
@TestProfile(FastExpiryProfile.class)
class ShortenWithoutReuseTest {

    @Test
    void everyBatchCallsTheUpstream() {
        WireMock wiremock = WireMockUpstreamResource.freshClient();
        String url = "https://example.com/no-reuse";
        for (int i = 0; i < 3; i++) {
            request().contentType("text/plain").body(url + "\n").accept("application/json").post("/shorten")
                    .then().statusCode(200).body("summary.upstreamCalls", org.hamcrest.Matchers.equalTo(1));
        }
        wiremock.verifyThat(3, getRequestedFor(urlPathEqualTo("/api-create.php")).withQueryParam("url", equalTo(url)));
    }
}
