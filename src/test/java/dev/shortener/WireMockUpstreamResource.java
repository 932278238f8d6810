package dev.shortener;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real WireMock upstream on a loopback port, serving the same stubs as dev mode (src/test/resources/wiremock), for
 * every test: {@code @QuarkusTest}s (started once per application start, including restarts for test profiles) and
 * the packaged application under {@code @QuarkusIntegrationTest}.
 */
public class WireMockUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private static volatile WireMockServer current;

    private WireMockServer server;

    /** A client of the upstream the running application talks to, reset to the file stubs and an empty journal. */
    public static WireMock freshClient() {
        WireMock client = new WireMock("127.0.0.1", current.port());
        client.resetToDefaultMappings();
        client.resetRequests();
        FakeTinyUrlBulk.stubs().forEach(client::register);
        return client;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .usingFilesUnderDirectory("src/test/resources/wiremock")
                .globalTemplating(true)
                .extensions(new FakeTinyUrlBulk()));
        server.start();
        FakeTinyUrlBulk.stubs().forEach(server::stubFor);
        current = server;
        String url = "http://127.0.0.1:" + server.port();
        // Every provider at the same upstream: their paths differ, except v.gd's, which lives under /vgd.
        Map<String, String> urls = new HashMap<>();
        for (String client : List.of("tinyurl", "tinyurl-legacy", "httpbin", "isgd", "bitly", "shlink", "kutt",
                "yourls")) {
            urls.put("quarkus.rest-client." + client + ".url", url);
        }
        urls.put("quarkus.rest-client.vgd.url", url + "/vgd");
        return urls;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
