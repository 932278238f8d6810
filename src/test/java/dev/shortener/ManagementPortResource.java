package dev.shortener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The management interface (health, metrics) of the application under test. {@code @QuarkusTest} binds it to a
 * random port ({@code quarkus.management.test-port=0}), which Quarkus then publishes in the config. The packaged
 * application under {@code @QuarkusIntegrationTest} runs in the prod profile, where the port would be the fixed 9000:
 * it gets a free port chosen here instead, which this JVM remembers for {@link #url(String)}.
 */
public class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    private static final String CHOSEN = "tinyurl-batch.test.management-port";

    @Override
    public Map<String, String> start() {
        String port = String.valueOf(freePort());
        System.setProperty(CHOSEN, port);
        // The API port is fixed too (the launcher reads it from the log): Quarkus tags a server's HTTP meters with
        // server.port only when its port is not 0, and Prometheus refuses one meter name with two tag-key sets,
        // which fails the second server's start (it then never listens).
        return Map.of("%prod.quarkus.management.port", port, "%prod.quarkus.management.host", "127.0.0.1",
                "%prod.quarkus.http.port", String.valueOf(freePort()));
    }

    @Override
    public void stop() {
    }

    /** A URL on the management interface of the application under test, e.g. {@code url("/q/metrics")}. */
    public static URL url(String path) {
        int bound = ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(0);
        // Non-zero: a @QuarkusTest whose random port Quarkus published; zero: an integration test.
        String port = bound != 0 ? String.valueOf(bound) : System.getProperty(CHOSEN);
        try {
            return new URL("http://127.0.0.1:" + port + path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the management interface", e);
        }
    }
}
