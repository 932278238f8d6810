package dev.shortener.upstream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import io.smallrye.mutiny.Uni;

/**
 * Provider {@code tinyurl-bulk}: up to {@code shortener.tinyurl-bulk.items-per-request} calls per TinyURL API v2 bulk
 * request. {@code POST /bulk} with {@code {domain, items: [{operation: create, url, alias, metadata: [<index>]}]}}
 * answers the request's id;
 * {@code GET /bulk/{id}/status} is polled with a doubling wait until {@code status} is 2 (processed); {@code GET
 * /bulk/{id}/report} gives one entry per item, matched back to its call by the metadata index (whatever the order).
 * A failed item is a final error with its {@code comment}; a request not processed within
 * {@code shortener.tinyurl-bulk.timeout} turns every item into an error.
 */
@ApplicationScoped
public class TinyUrlBulk {

    static final int PROCESSED = 2;

    /** The bulk interface is part of API v2: same client, same base URL as {@code tinyurl}. */
    static final String CLIENT = "tinyurl";
    static final ProviderDescription DESCRIPTION = new ProviderDescription(Provider.TINYURL_BULK, CLIENT,
            TinyUrl.TOKEN, 0, true, null).withDomain(TinyUrl.DOMAIN);

    private final UpstreamTransport transport;
    private final ShortenerConfig config;

    TinyUrlBulk(UpstreamTransport transport, ShortenerConfig config) {
        this.transport = transport;
        this.config = config;
    }

    /** Calls per bulk request ({@code shortener.tinyurl-bulk.items-per-request}). */
    public int itemsPerRequest() {
        return config.tinyurlBulk().itemsPerRequest();
    }

    /**
     * Shortens {@code items} in one bulk request: the attempt of each call by its position in {@code items}; never
     * fails. {@code observe} sees the status and Retry-After of every HTTP answer (for the governor).
     */
    public Uni<List<Attempt>> shorten(List<UpstreamCall> items, Function<Attempt, Attempt> observe) {
        Map<String, String> authorization = Map.of("Authorization", "Bearer " + config.tinyurl().token().orElse(""));
        return call(UpstreamRequest.postJson("/bulk", authorization, submitBody(items)), observe)
                .onItem().transformToUni(submitted -> {
                    JsonNode tree = json(submitted);
                    String id = tree == null ? null : UpstreamResponses.text(tree.path("data"), "id");
                    if (!submitted.ok() || id == null) {
                        return Uni.createFrom().item(everyItem(items, submitted.ok()
                                ? Attempt.rejected(submitted.status(), "upstream returned no bulk request id: "
                                        + UpstreamResponses.abbreviate(submitted.value()), 1)
                                : submitted));
                    }
                    long deadline = System.nanoTime() + config.tinyurlBulk().timeout().toNanos();
                    return awaitProcessed(authorization, id, config.tinyurlBulk().pollInterval(), deadline, observe)
                            .onItem().transformToUni(processed -> processed.ok()
                                    ? call(get("/bulk/" + id + "/report", authorization), observe)
                                            .onItem().transform(report -> report.ok() ? matched(items, json(report))
                                                    : everyItem(items, report))
                                    : Uni.createFrom().item(everyItem(items, processed)));
                });
    }

    private Uni<Attempt> awaitProcessed(Map<String, String> authorization, String id, Duration wait, long deadline,
            Function<Attempt, Attempt> observe) {
        return Uni.createFrom().voidItem()
                .onItem().delayIt().by(wait)
                .onItem().transformToUni(ignored -> call(get("/bulk/" + id + "/status", authorization), observe))
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
    private Uni<Attempt> call(UpstreamRequest request, Function<Attempt, Attempt> observe) {
        return transport.send(CLIENT, request, 1, TinyUrlBulk::read).onItem().transform(observe);
    }

    private static UpstreamRequest get(String path, Map<String, String> authorization) {
        return new UpstreamRequest("GET", path, Map.of(), authorization, "application/json", null, null);
    }

    static Attempt read(int status, String body, String retryAfter) {
        if (status >= 200 && status < 300 && UpstreamResponses.parseJson(body) != null) {
            return Attempt.success(body, status, 1);
        }
        return UpstreamResponses.classify(status, body, retryAfter, 1, "bulk answer", tree -> null,
                TinyUrl::firstError);
    }

    String submitBody(List<UpstreamCall> calls) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("domain", config.tinyurl().domain());
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < calls.size(); i++) {
            UpstreamCall call = calls.get(i);
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
    static List<Attempt> matched(List<UpstreamCall> items, JsonNode report) {
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
        return IntStream.range(0, items.size())
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

    private static List<Attempt> everyItem(List<UpstreamCall> items, Attempt attempt) {
        return items.stream().map(call -> attempt).toList();
    }

    private static JsonNode json(Attempt answer) {
        return answer.ok() ? UpstreamResponses.parseJson(answer.value()) : null;
    }
}
