package dev.shortener.upstream;

import dev.shortener.config.Provider;

/**
 * One upstream call, described as data so that any execution model (including worker processes) can run it.
 *
 * @param target where the call goes: a shortening provider, or {@link Target#HTTPBIN} for the benchmark's
 *        {@code GET /uuid}
 * @param url the long URL to shorten (null for httpbin)
 * @param alias the custom alias, or null
 * @param fields tags, expiry and title for the link ({@link LinkFields#NONE} for none)
 */
public record UpstreamCall(Target target, String url, String alias, LinkFields fields) {

    public UpstreamCall {
        fields = fields == null ? LinkFields.NONE : fields;
    }

    /** A shortening call to {@code provider} without link fields. */
    public static UpstreamCall shorten(Provider provider, String url, String alias) {
        return new UpstreamCall(provider, url, alias, LinkFields.NONE);
    }

    /** A benchmark call. */
    public static UpstreamCall uuid() {
        return new UpstreamCall(Target.HTTPBIN, null, null, LinkFields.NONE);
    }
}
