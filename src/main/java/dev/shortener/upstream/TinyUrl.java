package dev.shortener.upstream;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * TinyURL API v2 {@code POST /create}: bearer token, {@code {url, domain, alias?, tags?, expires_at?, description?}}
 * (tags comma-separated, the expiry ISO-8601), the link in data.tiny_url.
 */
record TinyUrl(ProviderSettings settings) implements ShortenerProvider {

    static final Credential TOKEN = new Credential("tinyurl.token", ProviderSettings::tinyurlToken);
    static final Function<ProviderSettings, String> DOMAIN = settings -> Objects.requireNonNullElse(
            settings.tinyurlDomain(), "tinyurl.com");
    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.TINYURL, TOKEN, 0,
            TinyUrl::new, LinkFields.Field.values()).withDomain(DOMAIN);

    static final String SHORT_URL = "short URL";

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        LinkFields fields = call.fields();
        return UpstreamRequest.postJson("/create", Map.of("Authorization", "Bearer " + settings.tinyurlToken()),
                "url", call.url(), "domain", DOMAIN.apply(settings), "alias", call.alias(),
                "tags", fields.tags().isEmpty() ? null : String.join(",", fields.tags()),
                "expires_at", fields.expiresAtText(), "description", fields.title());
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        return UpstreamResponses.classify(status, body, retryAfter, number, SHORT_URL,
                tree -> UpstreamResponses.text(tree.path("data"), "tiny_url"), TinyUrl::firstError);
    }

    /** TinyURL v2 (bulk included) puts the reason in {@code errors[0]}. */
    static String firstError(JsonNode tree) {
        JsonNode errors = tree.path("errors");
        return errors.isArray() && !errors.isEmpty() ? errors.get(0).asText() : "";
    }
}
