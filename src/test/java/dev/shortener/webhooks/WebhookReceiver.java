package dev.shortener.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on loopback that verifies each delivery as the Standard Webhooks reference libraries do
 * (written here from the specification, not with the service's signer): HMAC-SHA256 over {@code id.timestamp.body}
 * with the base64-decoded {@code whsec_} secret, compared in constant time with each {@code v1,} signature of the
 * space-separated header, and the timestamp within a tolerance of now. It answers the scripted statuses in turn (the
 * last one for ever after).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A secret for tests (not a real one). */
    public static final String TEST_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** The reference libraries' default tolerance. */
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** One delivery as it arrived, and whether its signature and timestamp verified. */
    public record Delivery(String id, long timestamp, String body, boolean verified, int answered) {
    }

    private final byte[] key;
    private final List<Integer> script;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    /** Starts a receiver for {@code secret} answering {@code statuses} in turn. */
    public WebhookReceiver(String secret, Integer... statuses) throws IOException {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.script = List.of(statuses);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    /** Where it listens. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every delivery so far, in arrival order. */
    public List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean verified = verify(id, timestamp, signatures, body);
        int status;
        synchronized (this) {
            status = script.get(Math.min(deliveries.size(), script.size() - 1));
            deliveries.add(new Delivery(id, timestamp == null ? -1 : Long.parseLong(timestamp), body, verified,
                    status));
        }
        exchange.sendResponseHeaders(verified ? status : 400, -1);
        exchange.close();
    }

    /** The specification's verify: headers present, timestamp within tolerance, one v1 signature equal. */
    private boolean verify(String id, String timestamp, String signatures, String body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        long now = System.currentTimeMillis() / 1000;
        if (Math.abs(now - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(id + "." + timestamp + "." + body);
        for (String signature : signatures.split(" ")) {
            int comma = signature.indexOf(',');
            if (comma < 0 || !signature.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private byte[] hmac(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
