package dev.shortener.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * Kutt API v2 {@code POST /api/v2/links} with {@code X-API-KEY}: {@code {target, customurl?, description?, expire_in?,
 * reuse: true}} ({@code expire_in} is relative: the minutes left until the row's expiry, rounded up) (an
 * existing link for the target is answered instead of a duplicate); the link in {@code link}; errors in {@code error}.
 * Kutt's daily cap answers 429.
 */
final class Kutt implements ShortenerProvider {

    static final Credential API_KEY = new Credential("kutt.api-key", ProviderSettings::kuttApiKey);
    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.KUTT, API_KEY, 0,
            settings -> new Kutt(settings.kuttApiKey()));

    private final String apiKey;

    Kutt(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public String id() {
        return "kutt";
    }

    @Override
    public Set<LinkFields.Field> linkFields() {
        return EnumSet.of(LinkFields.Field.EXPIRES_AT, LinkFields.Field.TITLE);
    }

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("target", call.url());
        if (call.alias() != null) {
            body.put("customurl", call.alias());
        }
        LinkFields fields = call.fields();
        if (fields.expiresAt() != null) {
            // Kutt takes a duration from now (at least a minute), not an instant: counted at each attempt.
            long seconds = Duration.between(Instant.now(), fields.expiresAt()).toSeconds();
            body.put("expire_in", Math.max(1, (seconds + 59) / 60) + " minutes");
        }
        if (fields.title() != null) {
            body.put("description", fields.title());
        }
        body.put("reuse", true);
        return UpstreamRequest.postJson("/api/v2/links", Map.of("X-API-KEY", apiKey), body.toString());
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        return UpstreamResponses.classify(status, body, retryAfter, number, TinyUrl.SHORT_URL,
                json -> UpstreamResponses.text(json, "link"), json -> UpstreamResponses.text(json, "error"));
    }
}
