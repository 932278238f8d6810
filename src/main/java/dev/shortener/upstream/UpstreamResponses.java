package dev.shortener.upstream;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The answer reading most providers share: a 2xx carries the value, 429 and 5xx are retryable, other statuses are
 * final with the upstream's own message. Pure, so that the reactive client and the worker processes' blocking client
 * report exactly the same values and errors.
 */
final class UpstreamResponses {

    // Tree model only: no reflection, so it also works in a native worker.
    private static final ObjectMapper JSON = new ObjectMapper();

    private UpstreamResponses() {
    }

    /**
     * Reads a JSON (or plain-text) answer: {@code value} picks the short URL from a 2xx body, {@code message} the
     * upstream's reason from an error body (plain-text bodies are their own reason).
     */
    static Attempt classify(int status, String entity, String retryAfter, int number, String what,
            Function<JsonNode, String> value, Function<JsonNode, String> message) {
        String body = entity == null ? "" : entity.trim();
        JsonNode tree = parseJson(body);
        if (status >= 200 && status < 300) {
            String found = tree == null ? null : value.apply(tree);
            return success(found, body, status, number, what);
        }
        String reason = tree != null ? nullToEmpty(message.apply(tree)) : plainReason(body);
        if (status == 429 || status >= 500) {
            return Attempt.retryableStatus(status, reason, RetryAfter.parse(retryAfter), number);
        }
        return rejected(status, reason, number);
    }

    /** A 2xx answer: {@code value} if it is a link (or, for uuids, any text), else a final error quoting the body. */
    static Attempt success(String value, String body, int status, int number, String what) {
        boolean link = value != null && (value.startsWith("http://") || value.startsWith("https://"));
        boolean ok = value != null && !value.isBlank() && ("uuid".equals(what) || link);
        return ok ? Attempt.success(value, status, number)
                : Attempt.rejected(status, "upstream returned no " + what + ": " + abbreviate(body), number);
    }

    /** A final error worded {@code upstream <status>: <reason>}. */
    static Attempt rejected(int status, String reason, int number) {
        return Attempt.rejected(status, "upstream " + status + (reason.isEmpty() ? "" : ": " + reason), number);
    }

    /** HTML error pages from proxies are noise in a CSV cell; a short plain-text reason is kept. */
    static String plainReason(String body) {
        return body.startsWith("<") ? "" : abbreviate(body);
    }

    /** The text at {@code field}, or null when absent or not a value. */
    static String text(JsonNode node, String field) {
        JsonNode found = node.path(field);
        return found.isValueNode() && !found.isNull() ? found.asText() : null;
    }

    static JsonNode parseJson(String body) {
        if (!body.startsWith("{") && !body.startsWith("[")) {
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

    private static String nullToEmpty(String text) {
        return text == null ? "" : abbreviate(text);
    }
}
