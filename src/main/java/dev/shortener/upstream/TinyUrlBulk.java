package dev.shortener.upstream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.config.ShortenerConfig;
import io.smallrye.mutiny.Uni;

/**
 * Provider {@code tinyurl-bulk}: one chunk of calls per TinyURL API v2 bulk request. {@code POST /bulk} with
 * {@code {domain, items: [{operation: create, url, alias, metadata: [<index>]}]}} answers the request's id;
 * {@code GET /bulk/{id}/status} is polled with a doubling wait until {@code status} is 2 (processed); {@code GET
 * /bulk/{id}/report} gives one entry per item, matched back to its call by the metadata index (whatever the order).
 * A failed item is a final error with its {@code comment}; a request not processed within
 * {@code shortener.tinyurl-bulk.timeout} turns every item into an error.
 */
@ApplicationScoped
public class TinyUrlBulk {

    static final int PROCESSED = 2;

    private final Instance<TinyUrlBulkApi> clients;
    private final ShortenerConfig config;
    private volatile TinyUrlBulkApi api;

    // The client is built on first use: without a tinyurl URL this provider is refused before it is ever called.
    TinyUrlBulk(@RestClient Instance<TinyUrlBulkApi> clients, ShortenerConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /** Calls per bulk request ({@code shortener.tinyurl-bulk.chunk-size}). */
    public int chunkSize() {
        return config.tinyurlBulk().chunkSize();
    }

    /**
     * Shortens one chunk: the attempt of each call by its position in {@code chunk}; never fails. {@code observe} sees
     * the status and Retry-After of every HTTP answer (for the governor).
     */
    public Uni<List<Attempt>> shorten(List<UpstreamCall> chunk, Function<Attempt, Attempt> observe) {
        if (api == null) {
            api = clients.get();
        }
        String authorization = "Bearer " + config.tinyurl().token().orElse("");
        Duration timeout = config.upstreamTimeout();
        return call(api.submit(authorization, submitBody(chunk)), timeout, observe)
                .onItem().transformToUni(submitted -> {
                    JsonNode tree = json(submitted);
                    String id = tree == null ? null : UpstreamResponses.text(tree.path("data"), "id");
                    if (!submitted.ok() || id == null) {
                        return Uni.createFrom().item(everyItem(chunk, submitted.ok()
                                ? Attempt.rejected(submitted.status(), "upstream returned no bulk request id: "
                                        + UpstreamResponses.abbreviate(submitted.value()), 1)
                                : submitted));
                    }
                    long deadline = System.nanoTime() + config.tinyurlBulk().timeout().toNanos();
                    return awaitProcessed(authorization, id, config.tinyurlBulk().pollInterval(), deadline, observe)
                            .onItem().transformToUni(processed -> processed.ok()
                                    ? call(api.report(authorization, id), timeout, observe)
                                            .onItem().transform(report -> report.ok() ? matched(chunk, json(report))
                                                    : everyItem(chunk, report))
                                    : Uni.createFrom().item(everyItem(chunk, processed)));
                });
    }

    private Uni<Attempt> awaitProcessed(String authorization, String id, Duration wait, long deadline,
            Function<Attempt, Attempt> observe) {
        Duration timeout = config.upstreamTimeout();
        return Uni.createFrom().voidItem()
                .onItem().delayIt().by(wait)
                .onItem().transformToUni(ignored -> call(api.status(authorization, id), timeout, observe))
                .onItem().transformToUni(answer -> {
                    JsonNode tree = json(answer);
                    if (answer.ok() && tree != null && tree.path("data").path("status").asInt(-1) == PROCESSED) {
                        return Uni.createFrom().item(answer);
                    }
                    if (System.nanoTime() >= deadline) {
                        return Uni.createFrom().item(Attempt.failedWithoutAnswer("bulk request " + id + " was not "
                                + "processed within " + config.tinyurlBulk().timeout().toSeconds() + " s", 1));
                    }
                    // A failed poll is tried again at the next interval, until the deadline.
                    Duration next = wait.multipliedBy(2);
                    Duration max = config.tinyurlBulk().pollMaxInterval();
                    return awaitProcessed(authorization, id, next.compareTo(max) > 0 ? max : next, deadline,
                            observe);
                });
    }

    /** One HTTP exchange as an attempt whose value is the raw JSON body. */
    private static Uni<Attempt> call(Uni<RestResponse<String>> send, Duration timeout,
            Function<Attempt, Attempt> observe) {
        return send
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onItem().transform(response -> read(response.getStatus(), UpstreamClient.bodyOf(response),
                        response.getHeaderString("Retry-After")))
                .onFailure().recoverWithItem(failure -> Attempt.transportFailure(failure, timeout, 1))
                .onItem().transform(observe);
    }

    static Attempt read(int status, String body, String retryAfter) {
        if (status >= 200 && status < 300 && UpstreamResponses.parseJson(body) != null) {
            return Attempt.success(body, status, 1);
        }
        return UpstreamResponses.classify(status, body, retryAfter, 1, "bulk answer", tree -> null,
                TinyUrl::firstError);
    }

    String submitBody(List<UpstreamCall> chunk) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("domain", config.tinyurl().domain());
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < chunk.size(); i++) {
            UpstreamCall call = chunk.get(i);
            ObjectNode item = items.addObject();
            item.put("operation", "create");
            item.put("url", call.url());
            if (call.alias() != null) {
                item.put("alias", call.alias());
            }
            item.putArray("metadata").add(String.valueOf(i));
        }
        return body.toString();
    }

    /** Each report entry goes to the call its metadata names; an entry-less call is an error. */
    static List<Attempt> matched(List<UpstreamCall> chunk, JsonNode report) {
        JsonNode data = report == null ? null : report.path("data");
        JsonNode entries = data != null && data.has("items") ? data.path("items") : data;
        Map<Integer, Attempt> byIndex = new HashMap<>();
        if (entries != null && entries.isArray()) {
            for (JsonNode entry : entries) {
                JsonNode metadata = entry.path("metadata");
                String tag = metadata.isArray() && !metadata.isEmpty() ? metadata.get(0).asText() : metadata.asText();
                try {
                    byIndex.put(Integer.parseInt(tag), entryAttempt(entry));
                } catch (NumberFormatException notOurs) {
                    // An entry without our index cannot be placed; its call reports a missing entry below.
                }
            }
        }
        return IntStream.range(0, chunk.size())
                .mapToObj(i -> byIndex.getOrDefault(i,
                        Attempt.rejected(200, "upstream bulk report has no entry for this URL", 1)))
                .toList();
    }

    private static Attempt entryAttempt(JsonNode entry) {
        if ("success".equals(UpstreamResponses.text(entry, "status"))) {
            String link = UpstreamResponses.text(entry, "tinyurl");
            return UpstreamResponses.success(link, entry.toString(), 200, 1, TinyUrl.SHORT_URL);
        }
        String comment = UpstreamResponses.text(entry, "comment");
        return Attempt.rejected(200, "upstream bulk item failed" + (comment == null || comment.isBlank() ? ""
                : ": " + UpstreamResponses.abbreviate(comment)), 1);
    }

    private static List<Attempt> everyItem(List<UpstreamCall> chunk, Attempt attempt) {
        return chunk.stream().map(call -> attempt).toList();
    }

    private static JsonNode json(Attempt answer) {
        return answer.ok() ? UpstreamResponses.parseJson(answer.value()) : null;
    }
}
