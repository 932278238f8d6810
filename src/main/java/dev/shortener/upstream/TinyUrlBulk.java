package dev.shortener.upstream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

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
 * {@code shortener.tinyurl-bulk.timeout} turns every item into an error. A request refused at submission is retried
 * by the pipeline as any call; one whose report cannot be read is not (it was processed).
 */
@ApplicationScoped
public class TinyUrlBulk {

    static final int PROCESSED = 2;

    /** The bulk interface is part of API v2: same client, same base URL as {@code tinyurl}. */
    static final String CLIENT = "tinyurl";
    static final ProviderDescription DESCRIPTION = new ProviderDescription(Provider.TINYURL_BULK, CLIENT,
            TinyUrl.TOKEN, 0, true, Set.of(), null).withDomain(TinyUrl.DOMAIN);

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
     * A bulk request's answer: its own (the last HTTP answer, which retries are decided on) and, once the request was
     * processed, each row's by its position; {@code rows} is null when the request as a whole failed.
     */
    public record Answer(Attempt request, List<Attempt> rows) {
    }

    /**
     * Attempt {@code number} of shortening {@code items} in one bulk request; never fails. {@code observe} sees the
     * status and Retry-After of every HTTP answer (for the governor).
     */
    public Uni<Answer> shorten(List<UpstreamCall> items, int number, Function<Attempt, Attempt> observe) {
        Map<String, String> authorization = Map.of("Authorization", "Bearer " + config.tinyurl().token().orElse(""));
        return call(UpstreamRequest.postJson("/bulk", authorization, "domain", config.tinyurl().domain(),
                "items", itemsOf(items)), number, observe)
                .onItem().transformToUni(submitted -> {
                    JsonNode tree = json(submitted);
                    String id = tree == null ? null : UpstreamResponses.text(tree.path("data"), "id");
                    if (!submitted.ok() || id == null) {
                        return Uni.createFrom().item(new Answer(submitted.ok()
                                ? Attempt.rejected(submitted.status(), "upstream returned no bulk request id: "
                                        + UpstreamResponses.abbreviate(submitted.value()), number)
                                : submitted, null));
                    }
                    long deadline = System.nanoTime() + config.tinyurlBulk().timeout().toNanos();
                    return awaitProcessed(authorization, id, config.tinyurlBulk().pollInterval(), deadline, number,
                            observe)
                            .onItem().transformToUni(processed -> processed.ok()
                                    ? call(get("/bulk/" + id + "/report", authorization), number, observe)
                                            .onItem().transform(report -> report.ok()
                                                    ? new Answer(report, matched(items, json(report), number))
                                                    : new Answer(accepted(report), null))
                                    : Uni.createFrom().item(new Answer(processed, null)));
                });
    }

    private Uni<Attempt> awaitProcessed(Map<String, String> authorization, String id, Duration wait, long deadline,
            int number, Function<Attempt, Attempt> observe) {
        return Uni.createFrom().voidItem()
                .onItem().delayIt().by(wait)
                .onItem().transformToUni(ignored -> call(get("/bulk/" + id + "/status", authorization), number,
                        observe))
                .onItem().transformToUni(answer -> {
                    JsonNode tree = json(answer);
                    if (answer.ok() && tree != null && tree.path("data").path("status").asInt(-1) == PROCESSED) {
                        return Uni.createFrom().item(answer);
                    }
                    if (System.nanoTime() >= deadline) {
                        return Uni.createFrom().item(Attempt.failedWithoutAnswer("bulk request " + id + " was not "
                                + "processed within " + config.tinyurlBulk().timeout().toSeconds() + " s", number));
                    }
                    // A failed poll is tried again at the next interval, until the deadline.
                    Duration next = wait.multipliedBy(2);
                    Duration max = config.tinyurlBulk().pollMaxInterval();
                    return awaitProcessed(authorization, id, next.compareTo(max) > 0 ? max : next, deadline, number,
                            observe);
                });
    }

    /** One HTTP exchange as attempt {@code number} whose value is the raw JSON body. */
    private Uni<Attempt> call(UpstreamRequest request, int number, Function<Attempt, Attempt> observe) {
        return transport.send(CLIENT, request, number, (status, body, retryAfter) -> read(status, body, retryAfter,
                number)).onItem().transform(observe);
    }

    private static UpstreamRequest get(String path, Map<String, String> authorization) {
        return new UpstreamRequest("GET", path, Map.of(), authorization, "application/json", null, null);
    }

    static Attempt read(int status, String body, String retryAfter, int number) {
        if (status >= 200 && status < 300 && UpstreamResponses.parseJson(body) != null) {
            return Attempt.success(body, status, number);
        }
        return UpstreamResponses.classify(status, body, retryAfter, number, "bulk answer", tree -> null,
                TinyUrl::firstError);
    }

    private static ArrayNode itemsOf(List<UpstreamCall> calls) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < calls.size(); i++) {
            items.add(UpstreamRequest.json("operation", "create", "url", calls.get(i).url(),
                    "alias", calls.get(i).alias(), "metadata", List.of(String.valueOf(i))));
        }
        return items;
    }

    /** Each report entry goes to the call its metadata names; an entry-less call is an error. */
    static List<Attempt> matched(List<UpstreamCall> items, JsonNode report, int number) {
        JsonNode data = report == null ? null : report.path("data");
        JsonNode entries = data != null && data.has("items") ? data.path("items") : data;
        Map<Integer, Attempt> byIndex = new HashMap<>();
        if (entries != null && entries.isArray()) {
            for (JsonNode entry : entries) {
                JsonNode metadata = entry.path("metadata");
                String tag = metadata.isArray() && !metadata.isEmpty() ? metadata.get(0).asText() : metadata.asText();
                try {
                    byIndex.put(Integer.parseInt(tag), entryAttempt(entry, number));
                } catch (NumberFormatException notOurs) {
                    // An entry without our index cannot be placed; its call reports a missing entry below.
                }
            }
        }
        return IntStream.range(0, items.size())
                .mapToObj(i -> byIndex.getOrDefault(i,
                        Attempt.rejected(200, "upstream bulk report has no entry for this URL", number)))
                .toList();
    }

    private static Attempt entryAttempt(JsonNode entry, int number) {
        if ("success".equals(UpstreamResponses.text(entry, "status"))) {
            String link = UpstreamResponses.text(entry, "tinyurl");
            return UpstreamResponses.success(link, entry.toString(), 200, number, TinyUrl.SHORT_URL);
        }
        String comment = UpstreamResponses.text(entry, "comment");
        return Attempt.rejected(200, "upstream bulk item failed" + (comment == null || comment.isBlank() ? ""
                : ": " + UpstreamResponses.abbreviate(comment)), number);
    }

    /**
     * A failure after the request was processed: final whatever its status, since sending the request again would
     * create its links twice; its row error keeps the wording of a retryable failure.
     */
    private static Attempt accepted(Attempt failure) {
        return failure.retryable() ? new Attempt(null, failure.status(), failure.toOutcome(0).error(), false, null,
                failure.number(), failure.pid(), true) : failure;
    }

    private static JsonNode json(Attempt answer) {
        return answer.ok() ? UpstreamResponses.parseJson(answer.value()) : null;
    }
}
