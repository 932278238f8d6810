package dev.shortener.upstream;

import dev.shortener.config.Provider;

/**
 * One upstream call, described as data so that any execution model (including worker processes) can run it.
 *
 * @param kind what to call
 * @param url the long URL to shorten (null for {@link Kind#UUID})
 * @param alias the custom alias, or null
 * @param provider the id of the shortening provider, or null for the service's default ({@code shortener.provider})
 * @param fields tags, expiry and title for the link ({@link LinkFields#NONE} for none)
 */
public record UpstreamCall(Kind kind, String url, String alias, String provider, LinkFields fields) {

    /** The id under which the benchmark's {@code GET /uuid} calls are governed and counted. */
    public static final String HTTPBIN = "httpbin";

    /** The upstream operations. */
    public enum Kind {
        /** Shorten {@code url} with the call's provider. */
        SHORTEN,
        /** {@code GET /uuid} on the httpbin-style endpoint (benchmarks). */
        UUID
    }

    public UpstreamCall {
        fields = fields == null ? LinkFields.NONE : fields;
    }

    /** A call without link fields. */
    public UpstreamCall(Kind kind, String url, String alias, String provider) {
        this(kind, url, alias, provider, LinkFields.NONE);
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
        return new UpstreamCall(kind, url, alias, provider.id(), fields);
    }

    /** A shortening call with the default provider. */
    public static UpstreamCall shorten(String url, String alias) {
        return new UpstreamCall(Kind.SHORTEN, url, alias);
    }

    /** A shortening call with the default provider and {@code fields}. */
    public static UpstreamCall shorten(String url, String alias, LinkFields fields) {
        return new UpstreamCall(Kind.SHORTEN, url, alias, null, fields);
    }

    /** A benchmark call. */
    public static UpstreamCall uuid() {
        return new UpstreamCall(Kind.UUID, null, null);
    }
}
