package dev.shortener.execution.processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.UpstreamCall;

/**
 * The JSON lines between the service and a worker; Jackson's tree model only, so that a native worker needs no
 * reflection. Service to worker: the {@link dev.shortener.upstream.UpstreamSettings} line, then task lines
 * {@code {"id","kind","url","alias"}}. Worker to service: {@code {"ready","pid"}} once, then per task
 * {@code {"id","attempt","waitMillis"}} before each attempt and {@code {"id","value","error","attempts",
 * "latencyNanos","pid","status"}} at the end.
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

    static String task(long id, UpstreamCall call) {
        ObjectNode json = object();
        json.put("id", id);
        json.put("kind", call.kind().name());
        json.put("url", call.url());
        json.put("alias", call.alias());
        return json.toString();
    }

    static UpstreamCall call(JsonNode task) {
        return new UpstreamCall(UpstreamCall.Kind.valueOf(task.path("kind").asText()), task.path("url").asText(null),
                task.path("alias").asText(null));
    }

    static String ready(long pid) {
        return object().put("ready", true).put("pid", pid).toString();
    }

    static String attempt(long id, int number, Duration wait) {
        return object().put("id", id).put("attempt", number).put("waitMillis", wait.toMillis()).toString();
    }

    static String outcome(long id, CallOutcome outcome) {
        ObjectNode json = object();
        json.put("id", id);
        json.put("value", outcome.value());
        json.put("error", outcome.error());
        json.put("attempts", outcome.attempts());
        json.put("latencyNanos", outcome.latencyNanos());
        json.put("pid", outcome.pid());
        json.put("status", outcome.status());
        return json.toString();
    }

    static CallOutcome outcome(JsonNode json) {
        return new CallOutcome(json.path("value").asText(null), json.path("error").asText(null),
                json.path("attempts").asInt(), json.path("latencyNanos").asLong(), json.path("pid").asLong(),
                json.path("status").asInt());
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
