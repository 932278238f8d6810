package dev.shortener;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * TinyURL API v2's bulk interface as a stateful WireMock transformer: {@code POST /bulk} stores the items under a new
 * id, the first status poll answers 1 (processing) and later ones 2 (processed), and the report lists the items in
 * reverse order (so that matching by metadata is exercised). A URL containing {@code bulk-fail} is a failed item.
 * Short links follow the file stubs: {@code https://tinyurl.com/<alias>} or {@code https://tinyurl.com/x<url encoded>}.
 */
public final class FakeTinyUrlBulk implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-tinyurl-bulk";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<String, JsonNode> items = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

    /** The stubs that route the bulk endpoints to this transformer (re-registered after every stub reset). */
    static List<MappingBuilder> stubs() {
        return List.of(
                post(urlPathEqualTo("/bulk")).withHeader("Authorization", matching("Bearer .+"))
                        .willReturn(aResponse().withTransformers(NAME)),
                get(urlPathMatching("/bulk/[^/]+/(status|report)"))
                        .willReturn(aResponse().withTransformers(NAME)));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String path = event.getRequest().getUrl().split("\\?")[0];
        try {
            if (path.equals("/bulk")) {
                String id = String.valueOf(ids.incrementAndGet());
                JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
                items.put(id, request.path("items"));
                polls.put(id, new AtomicInteger());
                return json(200, envelope().set("data", JSON.createObjectNode().put("id", id).put("status", 0)
                        .put("total", request.path("items").size())));
            }
            String[] parts = path.split("/");
            String id = parts[2];
            JsonNode stored = items.get(id);
            if (stored == null) {
                return json(404, JSON.createObjectNode().put("code", 3).set("errors",
                        JSON.createArrayNode().add("Bulk request not found.")));
            }
            if (parts[3].equals("status")) {
                int status = polls.get(id).getAndIncrement() == 0 ? 1 : 2;
                return json(200, envelope().set("data", JSON.createObjectNode().put("id", id).put("status", status)
                        .put("total", stored.size())));
            }
            ArrayNode report = JSON.createArrayNode();
            for (int i = stored.size() - 1; i >= 0; i--) {
                report.add(entry(stored.get(i)));
            }
            return json(200, envelope().set("data", report));
        } catch (Exception e) {
            return json(500, JSON.createObjectNode().put("error", String.valueOf(e)));
        }
    }

    private static ObjectNode entry(JsonNode item) {
        String url = item.path("url").asText();
        ObjectNode entry = JSON.createObjectNode().put("url", url);
        entry.set("metadata", item.path("metadata"));
        if (url.contains("bulk-fail")) {
            return entry.put("status", "failed").put("comment", "The URL is invalid.");
        }
        String alias = item.path("alias").asText("");
        String link = "https://tinyurl.com/" + (alias.isEmpty()
                ? "x" + URLEncoder.encode(url, StandardCharsets.UTF_8) : alias);
        return entry.put("alias", alias).put("tinyurl", link).put("status", "success").putNull("comment");
    }

    private static ObjectNode envelope() {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("code", 0);
        envelope.putArray("errors");
        return envelope;
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }
}
