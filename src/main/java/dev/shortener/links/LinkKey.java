package dev.shortener.links;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a short link: the same long URL and alias at the same provider and domain give the same link.
 *
 * @param provider the provider id, e.g. {@code tinyurl-legacy}
 * @param domain the short links' domain
 * @param url the long URL
 * @param alias the custom alias, or null
 */
public record LinkKey(String provider, String domain, String url, String alias) {

    /** SHA-256 (hex) of the fields: the store's primary key, as long URLs are too long to index. */
    public String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] { provider, domain, alias == null ? "" : alias, url }) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
