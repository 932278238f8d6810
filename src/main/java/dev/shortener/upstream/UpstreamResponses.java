package dev.shortener.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.config.Provider;

/**
 * Classifies an upstream response (status, body, Retry-After) into a value or a row error. Pure, so that the reactive
 * client and the worker processes' blocking client report exactly the same values and errors.
 */
final class UpstreamResponses {

    // Tree model only: no reflection, so it also works in a native worker.
    private static final ObjectMapper JSON = new ObjectMapper();

    private UpstreamResponses() {
    }

    static Attempt classify(UpstreamCall call, Provider provider, int status, String entity, String retryAfter,
            int number) {
        String body = entity == null ? "" : entity.trim();
        JsonNode tree = parseJson(body);
        if (status >= 200 && status < 300) {
            String value = valueOf(call, provider, body, tree);
            return value != null ? Attempt.success(value, status, number)
                    : Attempt.rejected(status, "upstream returned no " + (call.kind() == UpstreamCall.Kind.UUID
                            ? "uuid" : "short URL") + ": " + abbreviate(body), number);
        }
        String message = upstreamMessage(body, tree);
        if (status == 429 || status >= 500) {
            return Attempt.retryableStatus(status, message, RetryAfter.parse(retryAfter), number);
        }
        return Attempt.rejected(status, "upstream " + status + (message.isEmpty() ? "" : ": " + message), number);
    }

    private static String valueOf(UpstreamCall call, Provider provider, String body, JsonNode tree) {
        String value = switch (call.kind()) {
            case UUID -> tree == null ? null : tree.path("uuid").asText(null);
            case SHORTEN -> switch (provider) {
                case TINYURL -> tree == null ? null : tree.path("data").path("tiny_url").asText(null);
                case TINYURL_LEGACY -> body;
            };
        };
        if (value == null || value.isBlank()) {
            return null;
        }
        if (call.kind() == UpstreamCall.Kind.SHORTEN && !(value.startsWith("http://") || value.startsWith("https://"))) {
            return null;
        }
        return value;
    }

    /** TinyURL v2 puts the reason in {@code errors[0]}; a legacy body is the reason itself (e.g. "Error"). */
    private static String upstreamMessage(String body, JsonNode tree) {
        if (tree != null) {
            JsonNode errors = tree.path("errors");
            return errors.isArray() && !errors.isEmpty() ? errors.get(0).asText() : "";
        }
        // HTML error pages from proxies are noise in a CSV cell; a short plain-text reason is kept.
        return body.startsWith("<") ? "" : abbreviate(body);
    }

    private static JsonNode parseJson(String body) {
        if (!body.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
