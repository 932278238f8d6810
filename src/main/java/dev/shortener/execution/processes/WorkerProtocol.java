package dev.shortener.execution.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.LinkFields;
import dev.shortener.upstream.Target;
import dev.shortener.upstream.UpstreamCall;

/**
 * The JSON lines between the service and a worker: Jackson's tree model, so that a native worker needs no reflection
 * (the settings line binds a record registered for it). Service to worker: the
 * {@link dev.shortener.upstream.UpstreamSettings} line, then task lines (one
 * attempt each) {@code {"id","url","alias","provider","number"}} ({@code provider}: the target's id, httpbin too;
 * plus {@code "tags","expiresAt","title"}
 * when the call has link fields). Worker to service: {@code {"ready","pid"}} once, then per task {@code {"id","attempt","waitMillis"}} as the attempt starts and {@code {"id","value","status",
 * "reason","retryable","retryAfterMillis","number","pid"}} with its answer.
 */
final class WorkerProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerProtocol() {
    }

    /**
     * One protocol line as JSON. A line that does not parse is described by its length and the column of the error
     * only: neither the line nor the parser's message (which quotes the offending token) may reach a log, since the
     * settings line carries the TinyURL token.
     */
    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new UncheckedIOException(new IOException("unreadable protocol line (" + line.length()
                    + " characters, not JSON at column " + column + "; its content is not shown)"));
        }
    }

    static String task(long id, UpstreamCall call, int number) {
        ObjectNode json = object();
        json.put("id", id);
        json.put("url", call.url());
        json.put("alias", call.alias());
        json.put("provider", call.target().id());
        json.put("number", number);
        call.fields().writeTo(json);
        return json.toString();
    }

    static int number(JsonNode task) {
        return task.path("number").asInt(1);
    }

    static UpstreamCall call(JsonNode task) {
        String provider = task.path("provider").asText();
        Target target = Target.parse(provider)
                .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + provider + "' in a task"));
        return new UpstreamCall(target, task.path("url").asText(null), task.path("alias").asText(null),
                LinkFields.readFrom(task));
    }

    static String ready(long pid) {
        return object().put("ready", true).put("pid", pid).toString();
    }

    static String attempt(long id, int number, Duration wait) {
        return object().put("id", id).put("attempt", number).put("waitMillis", wait.toMillis()).toString();
    }

    static String answer(long id, Attempt attempt) {
        ObjectNode json = object();
        json.put("id", id);
        json.put("value", attempt.value());
        json.put("status", attempt.status());
        json.put("reason", attempt.reason());
        json.put("retryable", attempt.retryable());
        if (attempt.retryAfter() != null) {
            json.put("retryAfterMillis", attempt.retryAfter().toMillis());
        }
        json.put("number", attempt.number());
        json.put("pid", attempt.pid());
        return json.toString();
    }

    static Attempt answer(JsonNode json) {
        return new Attempt(json.path("value").asText(null), json.path("status").asInt(),
                json.path("reason").asText(null), json.path("retryable").asBoolean(),
                json.has("retryAfterMillis") ? Duration.ofMillis(json.path("retryAfterMillis").asLong()) : null,
                json.path("number").asInt(), json.path("pid").asLong());
    }

    static boolean isReady(JsonNode json) {
        return json.path("ready").asBoolean(false);
    }

    static boolean isAttempt(JsonNode json) {
        return json.has("attempt");
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
