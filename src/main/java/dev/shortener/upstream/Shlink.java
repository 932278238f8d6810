package dev.shortener.upstream;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * Shlink REST API v3 {@code POST /rest/v3/short-urls} with {@code X-Api-Key}: {@code {longUrl, customSlug?,
 * tags?, validUntil?, title?, findIfExists: true}} (a retry finds the link the lost answer created instead of
 * making a duplicate); the link in {@code shortUrl}; errors are problem details ({@code detail}, {@code title}).
 */
record Shlink(ProviderSettings settings) implements ShortenerProvider {

    static final Credential API_KEY = new Credential("shlink.api-key", ProviderSettings::shlinkApiKey);
    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.SHLINK, API_KEY, 0,
            Shlink::new, LinkFields.Field.values());

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        LinkFields fields = call.fields();
        return UpstreamRequest.postJson("/rest/v3/short-urls", Map.of("X-Api-Key", settings.shlinkApiKey()),
                "longUrl", call.url(), "customSlug", call.alias(), "tags", fields.tags(),
                "validUntil", fields.expiresAtAtom(), "title", fields.title(), "findIfExists", true);
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        return UpstreamResponses.classify(status, body, retryAfter, number, TinyUrl.SHORT_URL,
                json -> UpstreamResponses.text(json, "shortUrl"), Shlink::problem);
    }

    private static String problem(JsonNode tree) {
        String detail = UpstreamResponses.text(tree, "detail");
        return detail != null ? detail : UpstreamResponses.text(tree, "title");
    }
}
