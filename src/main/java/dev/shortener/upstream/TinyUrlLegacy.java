package dev.shortener.upstream;

import dev.shortener.config.Provider;

/** TinyURL's keyless {@code GET /api-create.php?url=&alias=}: the plain-text body is the link, or {@code Error}. */
final class TinyUrlLegacy implements ShortenerProvider {

    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.TINYURL_LEGACY, null, 0,
            settings -> new TinyUrlLegacy()).withDomain(settings -> "tinyurl.com");

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        return UpstreamRequest.get("/api-create.php", UpstreamRequest.params("url", call.url(), "alias", call.alias()),
                "text/plain");
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        String text = body == null ? "" : body.trim();
        if (status >= 200 && status < 300) {
            return UpstreamResponses.success(text, text, status, number, TinyUrl.SHORT_URL);
        }
        return UpstreamResponses.classify(status, text, retryAfter, number, TinyUrl.SHORT_URL, tree -> null,
                TinyUrl::firstError);
    }
}
