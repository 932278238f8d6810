package dev.shortener.security;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * One configured API key: who it belongs to and the SHA-256 of the key; the key itself is never stored.
 *
 * @param name the caller's name, the principal name of its requests
 * @param sha256 SHA-256 of the key's UTF-8 bytes
 * @param admin whether the key may run benchmarks
 */
public record ApiKey(String name, byte[] sha256, boolean admin) {

    /** Whether {@code digest} (SHA-256 of a presented key) is this key's, in time independent of where they differ. */
    boolean matches(byte[] digest) {
        return MessageDigest.isEqual(sha256, digest);
    }

    @Override
    public String toString() {
        return "ApiKey[" + name + (admin ? ", admin" : "") + ", sha256=" + HexFormat.of().formatHex(sha256, 0, 4)
                + "...]";
    }
}
