package dev.shortener;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real WireMock upstream on a loopback port for tests of the packaged application (prod profile, where the dev
 * service does not run), serving the same stubs as dev mode from src/test/resources/wiremock.
 */
public class WireMockUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .usingFilesUnderDirectory("src/test/resources/wiremock")
                .globalTemplating(true));
        server.start();
        String url = "http://127.0.0.1:" + server.port();
        return Map.of("quarkus.rest-client.tinyurl.url", url,
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
