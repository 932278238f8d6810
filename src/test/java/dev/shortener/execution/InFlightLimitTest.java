package dev.shortener.execution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The number of calls in flight at the upstream never exceeds the model's limit, and reaches it: measured at the
 * stub from the arrival times of requests that each take a fixed 300 ms.
 */
@QuarkusTest
@TestProfile(InFlightLimitTest.SmallLimits.class)
class InFlightLimitTest {

    private static final int DELAY_MILLIS = 300;

    WireMock wiremock;

    /** Limits small enough that a short batch must queue behind them. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.threads.workers", "3",
                    "shortener.async.concurrency", "4",
                    "shortener.virtual-threads.concurrency", "5",
                    "shortener.processes.workers", "2");
        }
    }

    @BeforeEach
    void slowUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
        wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", matching("https://example\\.com/limit/.*"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(DELAY_MILLIS)
                        .withBody("https://tinyurl.com/limited")));
    }

    @ParameterizedTest
    @CsvSource({ "sync, 1, 4", "threads, 3, 12", "async, 4, 16", "virtual-threads, 5, 20", "processes, 2, 8" })
    void inFlightCallsReachButNeverExceedTheModelLimit(String model, int limit, int rows) {
        StringBuilder body = new StringBuilder("url\n");
        for (int i = 0; i < rows; i++) {
            body.append("https://example.com/limit/").append(model).append('/').append(i).append('\n');
        }

        request().contentType("text/csv").body(body.toString()).post("/shorten?model=" + model)
                .then().statusCode(200).header("X-Shortener-Failed", "0");

        List<LoggedRequest> calls = wiremock.find(getRequestedFor(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching("https://example\\.com/limit/" + model + "/.*")));
        assertEquals(rows, calls.size(), "each distinct URL is called once");
        assertEquals(limit, maxOverlap(calls), "most calls in flight at once");
    }

    /**
     * Each call occupies the stub for DELAY_MILLIS after it arrives. A call that starts only when another finished
     * arrives at least DELAY_MILLIS later; the 20 ms slack absorbs the millisecond resolution of arrival times.
     */
    private static int maxOverlap(List<LoggedRequest> calls) {
        List<Long> starts = new ArrayList<>();
        calls.forEach(call -> starts.add(call.getLoggedDate().getTime()));
        int max = 0;
        for (long start : starts) {
            int overlapping = 0;
            for (long other : starts) {
                if (other <= start && start < other + DELAY_MILLIS - 20) {
                    overlapping++;
                }
            }
            max = Math.max(max, overlapping);
        }
        return max;
    }
}
