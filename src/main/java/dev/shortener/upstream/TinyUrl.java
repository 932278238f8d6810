package dev.shortener.upstream;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * TinyURL API v2 {@code POST /create}: bearer token, {@code {url, domain, alias?, tags?, expires_at?, description?}}
 * (tags comma-separated, the expiry ISO-8601), the link in data.tiny_url.
 */
final class TinyUrl implements ShortenerProvider {

    static final Credential TOKEN = new Credential("tinyurl.token", ProviderSettings::tinyurlToken);
    static final Function<ProviderSettings, String> DOMAIN = settings -> Objects.requireNonNullElse(
            settings.tinyurlDomain(), "tinyurl.com");
    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.TINYURL, TOKEN, 0,
            settings -> new TinyUrl(settings.tinyurlToken(), DOMAIN.apply(settings))).withDomain(DOMAIN);

    static final String SHORT_URL = "short URL";

    private final String token;
    private final String domain;

    TinyUrl(String token, String domain) {
        this.token = token;
        this.domain = domain;
    }

    @Override
    public String id() {
        return "tinyurl";
    }

    @Override
    public Set<LinkFields.Field> linkFields() {
        return EnumSet.allOf(LinkFields.Field.class);
    }

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("url", call.url());
        body.put("domain", domain);
        if (call.alias() != null) {
            // Left out rather than sent as null: TinyURL then picks a random alias.
            body.put("alias", call.alias());
        }
        LinkFields fields = call.fields();
        if (!fields.tags().isEmpty()) {
            body.put("tags", String.join(",", fields.tags()));
        }
        if (fields.expiresAt() != null) {
            body.put("expires_at", fields.expiresAtText());
        }
        if (fields.title() != null) {
            body.put("description", fields.title());
        }
        return UpstreamRequest.postJson("/create", Map.of("Authorization", "Bearer " + token), body.toString());
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
