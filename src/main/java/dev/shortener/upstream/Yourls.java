package dev.shortener.upstream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * YOURLS {@code POST /yourls-api.php} (a form, so that the signature stays out of URLs and access logs):
 * {@code action=shorturl, format=json, url, keyword?, signature}; the link in {@code shorturl}. A URL it already has
 * answers {@code status: fail, code: error:url} with that URL's existing short URL, which is the row's value. Other
 * failures carry {@code message}; "Too many URLs added too fast" (403) is retried.
 */
record Yourls(ProviderSettings settings) implements ShortenerProvider {

    static final Credential SIGNATURE = new Credential("yourls.signature", ProviderSettings::yourlsSignature);
    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.YOURLS, SIGNATURE, 0,
            Yourls::new);

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        return UpstreamRequest.postForm("/yourls-api.php", UpstreamRequest.params("action", "shorturl",
                "format", "json", "url", call.url(), "keyword", call.alias(), "signature", settings.yourlsSignature()),
                "application/json");
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        JsonNode tree = UpstreamResponses.parseJson(body == null ? "" : body.trim());
        if (tree != null && "error:url".equals(UpstreamResponses.text(tree, "code"))) {
            // Already shortened (e.g. by an attempt whose answer was lost): its existing short URL is the value.
            return UpstreamResponses.success(UpstreamResponses.text(tree, "shorturl"), body.trim(), status, number,
                    TinyUrl.SHORT_URL);
        }
        String message = tree == null ? null : UpstreamResponses.text(tree, "message");
        // The flood limit ("Too many URLs added too fast"): a 403 with a JSON message, or yourls_die's 429 page.
        String flood = message != null ? message : body;
        if (status >= 400 && flood != null && flood.toLowerCase().contains("too fast")) {
            return Attempt.rateLimited(status + " " + (message != null ? message : "too many URLs added too fast"),
                    RetryAfter.parse(retryAfter), number);
        }
        if (tree != null && "fail".equals(UpstreamResponses.text(tree, "status"))) {
            return UpstreamResponses.rejected(status, message == null ? "" : UpstreamResponses.abbreviate(message),
                    number);
        }
        return UpstreamResponses.classify(status, body, retryAfter, number, TinyUrl.SHORT_URL,
                json -> UpstreamResponses.text(json, "shorturl"), json -> UpstreamResponses.text(json, "message"));
    }
}
