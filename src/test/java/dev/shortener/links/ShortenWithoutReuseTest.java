package dev.shortener.links;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@code shortener.links.reuse=false}: {@code /shorten} always calls the upstream. */
@QuarkusTest
@TestProfile(ShortenWithoutReuseTest.NoReuse.class)
class ShortenWithoutReuseTest {

    /** Reuse off. */
    public static class NoReuse implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.links.reuse", "false");
        }
    }

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
