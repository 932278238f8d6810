package dev.shortener.links;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a short link: the same long URL (tagged with the request's UTM parameters), alias and link fields
 * (tags, expiry, title) at the same provider and domain give the same link; rows that differ in any of them are
 * different links.
 *
 * @param provider the provider id, e.g. {@code tinyurl-legacy}
 * @param domain the short links' domain
 * @param url the long URL
 * @param alias the custom alias, or null
 * @param fields the canonical text of the link fields ({@code LinkFields.key()}), or null for none
 */
public record LinkKey(String provider, String domain, String url, String alias, String fields) {

    /** The key of a link without link fields. */
    public LinkKey(String provider, String domain, String url, String alias) {
        this(provider, domain, url, alias, null);
    }

    /** SHA-256 (hex) of the fields: the store's primary key, as long URLs are too long to index. */
    public String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] { provider, domain, alias == null ? "" : alias, url }) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            if (fields != null) {
                // Only then: the keys of links without fields stay what they were.
                digest.update(fields.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
