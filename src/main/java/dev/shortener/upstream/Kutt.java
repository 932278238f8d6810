package dev.shortener.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.shortener.config.Provider;
import dev.shortener.upstream.ProviderSettings.Credential;

/**
 * Kutt API v2 {@code POST /api/v2/links} with {@code X-API-KEY}: {@code {target, customurl?, description?, expire_in?,
 * reuse: true}} ({@code expire_in} is relative: the minutes left until the row's expiry, rounded up) (an
 * existing link for the target is answered instead of a duplicate); the link in {@code link}; errors in {@code error}.
 * Kutt's daily cap answers 429.
 */
record Kutt(ProviderSettings settings) implements ShortenerProvider {

    static final Credential API_KEY = new Credential("kutt.api-key", ProviderSettings::kuttApiKey);
    static final ProviderDescription DESCRIPTION = ProviderDescription.perCall(Provider.KUTT, API_KEY, 0, Kutt::new,
            LinkFields.Field.EXPIRES_AT, LinkFields.Field.TITLE);

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        Instant expiry = call.fields().expiresAt();
        // Kutt takes a duration from now (at least a minute), not an instant: counted at each attempt.
        String expireIn = expiry == null ? null
                : Math.max(1, (Duration.between(Instant.now(), expiry).toSeconds() + 59) / 60) + " minutes";
        return UpstreamRequest.postJson("/api/v2/links", Map.of("X-API-KEY", settings.kuttApiKey()),
                "target", call.url(), "customurl", call.alias(), "expire_in", expireIn,
                "description", call.fields().title(), "reuse", true);
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        return UpstreamResponses.classify(status, body, retryAfter, number, TinyUrl.SHORT_URL,
                json -> UpstreamResponses.text(json, "link"), json -> UpstreamResponses.text(json, "error"));
    }
}
