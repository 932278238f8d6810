package dev.shortener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A free port for the management interface (health, metrics) of the application under test. {@code @QuarkusTest}
 * could bind port 0, but the packaged application under {@code @QuarkusIntegrationTest} runs in the prod profile,
 * where the port would be the fixed 9000 and the test could not tell a random one: both get this port instead.
 */
public class ManagementPortResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String port = String.valueOf(freePort());
        return Map.of("quarkus.management.port", port, "quarkus.management.test-port", port,
                "quarkus.management.host", "127.0.0.1");
    }

    @Override
    public void stop() {
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the management interface", e);
        }
    }
}
