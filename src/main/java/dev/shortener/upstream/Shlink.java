package dev.shortener.upstream;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * Shlink REST API v3 {@code POST /rest/v3/short-urls} with {@code X-Api-Key}: {@code {longUrl, customSlug?,
 * tags?, validUntil?, title?, findIfExists: true}} (a retry finds the link the lost answer created instead of
 * making a duplicate); the link in {@code shortUrl}; errors are problem details ({@code detail}, {@code title}).
 */
final class Shlink implements ShortenerProvider {

    static final Credential API_KEY = new Credential("shlink.api-key", ProviderSettings::shlinkApiKey);
    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.SHLINK, API_KEY, 0,
            settings -> new Shlink(settings.shlinkApiKey()));

    private final String apiKey;

    Shlink(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public String id() {
        return "shlink";
    }

    @Override
    public Set<LinkFields.Field> linkFields() {
        return EnumSet.allOf(LinkFields.Field.class);
    }

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("longUrl", call.url());
        if (call.alias() != null) {
            body.put("customSlug", call.alias());
        }
        LinkFields fields = call.fields();
        if (!fields.tags().isEmpty()) {
            fields.tags().forEach(body.putArray("tags")::add);
        }
        if (fields.expiresAt() != null) {
            body.put("validUntil", fields.expiresAtAtom());
        }
        if (fields.title() != null) {
            body.put("title", fields.title());
        }
        body.put("findIfExists", true);
        return UpstreamRequest.postJson("/rest/v3/short-urls", Map.of("X-Api-Key", apiKey), body.toString());
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
