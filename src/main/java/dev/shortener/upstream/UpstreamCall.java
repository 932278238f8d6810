package dev.shortener.upstream;

import dev.shortener.config.Provider;

/**
 * One upstream call, described as data so that any execution model (including worker processes) can run it.
 *
 * @param kind what to call
 * @param url the long URL to shorten (null for {@link Kind#UUID})
 * @param alias the custom alias, or null
 * @param provider the id of the shortening provider, or null for the service's default ({@code shortener.provider})
 */
public record UpstreamCall(Kind kind, String url, String alias, String provider) {

    /** The id under which the benchmark's {@code GET /uuid} calls are governed and counted. */
    public static final String HTTPBIN = "httpbin";

    /** The upstream operations. */
    public enum Kind {
        /** Shorten {@code url} with the call's provider. */
        SHORTEN,
        /** {@code GET /uuid} on the httpbin-style endpoint (benchmarks). */
        UUID
    }

    /** A call to the default provider. */
    public UpstreamCall(Kind kind, String url, String alias) {
        this(kind, url, alias, null);
    }

    /** The provider this call goes to: its own, else {@code shortening}; {@code httpbin} for UUID calls. */
    public String providerTag(Provider shortening) {
        if (kind == Kind.UUID) {
            return HTTPBIN;
        }
        return provider != null ? provider : shortening.id();
    }

    /** The same call to {@code provider}. */
    public UpstreamCall via(Provider provider) {
        return new UpstreamCall(kind, url, alias, provider.id());
    }

    /** A shortening call with the default provider. */
    public static UpstreamCall shorten(String url, String alias) {
        return new UpstreamCall(Kind.SHORTEN, url, alias);
    }

    /** A benchmark call. */
    public static UpstreamCall uuid() {
        return new UpstreamCall(Kind.UUID, null, null);
    }
}
