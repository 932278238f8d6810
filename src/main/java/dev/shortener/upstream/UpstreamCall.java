package dev.shortener.upstream;

import dev.shortener.config.Provider;

/**
 * One upstream call, described as data so that any execution model (including worker processes) can run it.
 *
 * @param kind what to call
 * @param url the long URL to shorten (null for {@link Kind#UUID})
 * @param alias the custom alias, or null
 */
public record UpstreamCall(Kind kind, String url, String alias) {

    /** The upstream operations. */
    public enum Kind {
        /** Shorten {@code url} with the configured provider. */
        SHORTEN,
        /** {@code GET /uuid} on the httpbin-style endpoint (benchmarks). */
        UUID
    }

    /** The {@code provider} tag of this call's metrics: the shortening provider, or {@code httpbin} for UUID calls. */
    public String providerTag(Provider shortening) {
        return kind == Kind.UUID ? "httpbin" : shortening.id();
    }

    /** A shortening call. */
    public static UpstreamCall shorten(String url, String alias) {
        return new UpstreamCall(Kind.SHORTEN, url, alias);
    }

    /** A benchmark call. */
    public static UpstreamCall uuid() {
        return new UpstreamCall(Kind.UUID, null, null);
    }
}
