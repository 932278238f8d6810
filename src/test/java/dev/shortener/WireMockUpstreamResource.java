package dev.shortener;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The upstream stubs of dev mode (src/test/resources/wiremock) on a random port, for tests of the packaged artifact:
 * its prod profile has no WireMock dev service. Points every REST client at it.
 */
public class WireMockUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options()
                .dynamicPort()
                .usingFilesUnderDirectory("src/test/resources/wiremock")
                .globalTemplating(true));
        server.start();
        String url = "http://localhost:" + server.port();
        return Map.of(
                "quarkus.rest-client.tinyurl.url", url,
                "quarkus.rest-client.tinyurl-legacy.url", url,
                "quarkus.rest-client.httpbin.url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
