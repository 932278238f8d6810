package dev.shortener.upstream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shortener.config.Provider;

/**
 * is.gd and v.gd {@code GET /create.php?format=json&url=&shorturl=}: the link in {@code shorturl}; errors arrive as
 * HTTP 200 with {@code errorcode} (1 bad URL, 2 alias problem, 3 rate limited, 4 other) and {@code errormessage}.
 * Only 3 is retried, and it pauses the provider like a 429; so does a 502, which is.gd answers when a client goes
 * over its limit.
 */
final class IsGd implements ShortenerProvider {

    // is.gd and v.gd allow about 5 concurrent connections per client IP.
    static final ProviderDescription ISGD = ProviderDescription.perCall(Provider.ISGD, null, 5, settings -> new IsGd());
    static final ProviderDescription VGD = ProviderDescription.perCall(Provider.VGD, null, 5, settings -> new IsGd());

    static final int RATE_LIMITED = 3;

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        return UpstreamRequest.get("/create.php",
                UpstreamRequest.params("format", "json", "url", call.url(), "shorturl", call.alias()),
                "application/json");
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        JsonNode tree = UpstreamResponses.parseJson(body == null ? "" : body.trim());
        if (tree != null && tree.has("errorcode")) {
            int code = tree.path("errorcode").asInt();
            String reason = "upstream error " + code + ": " + UpstreamResponses.abbreviate(
                    tree.path("errormessage").asText(""));
            return code == RATE_LIMITED
                    ? Attempt.rateLimited(reason, RetryAfter.parse(retryAfter), number)
                    : Attempt.rejected(status, reason, number);
        }
        if (status == 502) {
            return Attempt.rateLimited("502 rate limited", RetryAfter.parse(retryAfter), number);
        }
        return UpstreamResponses.classify(status, body, retryAfter, number, TinyUrl.SHORT_URL,
                json -> UpstreamResponses.text(json, "shorturl"), json -> UpstreamResponses.text(json, "errormessage"));
    }
}
