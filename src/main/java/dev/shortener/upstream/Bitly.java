package dev.shortener.upstream;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * Bitly API v4 {@code POST /v4/shorten} with a bearer token: {@code {long_url, domain?, group_guid?}}, or
 * {@code POST /v4/bitlinks} with {@code title?, tags?} too when the row has either (the shorten endpoint takes
 * neither); the link in {@code link}; errors carry {@code message} (e.g. {@code RATE_LIMIT_EXCEEDED}) and {@code description}. A rate limit
 * (429, or 403 RATE_LIMIT_EXCEEDED) pauses every call to Bitly. This endpoint takes no alias.
 */
record Bitly(ProviderSettings settings) implements ShortenerProvider {

    // Bitly allows about 5 concurrent connections per client IP.
    static final Credential TOKEN = new Credential("bitly.token", ProviderSettings::bitlyToken);
    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.BITLY, TOKEN, 5, Bitly::new,
            LinkFields.Field.TAGS, LinkFields.Field.TITLE)
            .withDomain(settings -> Objects.requireNonNullElse(settings.bitlyDomain(), "bit.ly"));

    @Override
    public String refusal(UpstreamCall call) {
        return call.alias() == null ? null
                : "aliases are not supported by provider bitly (POST /v4/shorten takes none); remove the alias";
    }

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        LinkFields fields = call.fields();
        String path = fields.title() != null || !fields.tags().isEmpty() ? "/v4/bitlinks" : "/v4/shorten";
        return UpstreamRequest.postJson(path, Map.of("Authorization", "Bearer " + settings.bitlyToken()),
                "long_url", call.url(), "domain", settings.bitlyDomain(), "group_guid", settings.bitlyGroupGuid(),
                "title", fields.title(), "tags", fields.tags());
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        JsonNode tree = UpstreamResponses.parseJson(body == null ? "" : body.trim());
        if (status == 403 && tree != null && "RATE_LIMIT_EXCEEDED".equals(UpstreamResponses.text(tree, "message"))) {
            return Attempt.rateLimited("403 RATE_LIMIT_EXCEEDED", RetryAfter.parse(retryAfter), number);
        }
        return UpstreamResponses.classify(status, body, retryAfter, number, TinyUrl.SHORT_URL,
                json -> UpstreamResponses.text(json, "link"), Bitly::message);
    }

    private static String message(JsonNode tree) {
        String message = UpstreamResponses.text(tree, "message");
        String description = UpstreamResponses.text(tree, "description");
        if (message == null) {
            return description;
        }
        return description == null || description.isBlank() ? message : message + " (" + description + ")";
    }
}
