package dev.shortener.jobs;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of what a request asks for and of its body, computed as the body is read; the hash is kept once taken, so
 * that a submission that lost a race for its Idempotency-Key can still compare it.
 */
final class Fingerprint {

    private final MessageDigest digest = sha256();
    private final DigestInputStream in;
    private String hash;

    Fingerprint(InputStream body, String request) {
        digest.update(request.getBytes(StandardCharsets.UTF_8));
        this.in = new DigestInputStream(body, digest);
    }

    DigestInputStream in() {
        return in;
    }

    /** The hash; call once the body has been read to its end. */
    String hash() {
        if (hash == null) {
            hash = HexFormat.of().formatHex(digest.digest());
        }
        return hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
