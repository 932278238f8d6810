package dev.shortener.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook messages as Standard Webhooks does: {@code v1,} then the base64 HMAC-SHA256 of
 * {@code id.timestamp.body} under the secret given as {@code whsec_<base64>}.
 */
final class WebhookSigner {

    private static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** A signer for {@code secret}; an IllegalArgumentException names what is wrong with it. */
    WebhookSigner(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("shortener.webhooks.secret must start with " + PREFIX);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("shortener.webhooks.secret is not " + PREFIX + " then base64", e);
        }
        if (raw.length < 16) {
            throw new IllegalArgumentException("shortener.webhooks.secret is too short: use at least 24 random bytes");
        }
        this.key = new SecretKeySpec(raw, ALGORITHM);
    }

    /** The {@code webhook-signature} header value of one message at one timestamp (unix seconds). */
    String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
