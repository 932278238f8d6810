package dev.shortener.upstream;

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

    /** A shortening call. */
    public static UpstreamCall shorten(String url, String alias) {
        return new UpstreamCall(Kind.SHORTEN, url, alias);
    }

    /** A benchmark call. */
    public static UpstreamCall uuid() {
        return new UpstreamCall(Kind.UUID, null, null);
    }
}
