package dev.shortener.csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.batch.Batch;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.batch.BatchRow;
import dev.shortener.config.ShortenerConfig;

/** Reads an {@code application/json} body: {@code ["https://..."]} or {@code [{"url": ..., "alias": ...}]}. */
@ApplicationScoped
public class JsonBatchReader {

    private final ObjectMapper json;
    private final ShortenerConfig config;

    JsonBatchReader(ObjectMapper json, ShortenerConfig config) {
        this.json = json;
        this.config = config;
    }

    /** Parses {@code text}; an element that is not a URL becomes an error row, a body that is not an array a 400. */
    public Batch read(String text) {
        String body = Bodies.stripBom(text);
        if (body.isBlank()) {
            throw RequestRejectedException.badRequest("empty body: send a JSON array of URLs");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw RequestRejectedException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw RequestRejectedException.badRequest(
                    "body must be a JSON array of URL strings or of {\"url\": ..., \"alias\": ...} objects");
        }
        if (root.size() > config.maxRows()) {
            throw RequestRejectedException.tooManyRows(config.maxRows(), "the array has " + root.size() + " elements");
        }
        if (root.isEmpty()) {
            throw RequestRejectedException.badRequest("no URL rows in the body: the array is empty");
        }
        List<BatchRow> rows = new ArrayList<>(root.size());
        boolean anyAlias = false;
        for (int i = 0; i < root.size(); i++) {
            BatchRow row = toRow(i + 1, root.get(i));
            anyAlias |= row.alias() != null;
            rows.add(row);
        }
        return new Batch(Batch.InputFormat.JSON, anyAlias ? List.of("url", "alias") : List.of("url"),
                anyAlias ? rows : rows.stream().map(JsonBatchReader::urlOnly).toList());
    }

    private static BatchRow toRow(int element, JsonNode node) {
        if (node.isTextual()) {
            return BatchRow.of(element, List.of(node.asText(), ""), node.asText().trim(), null);
        }
        if (!node.isObject()) {
            return BatchRow.unreadable(element, List.of(node.toString(), ""),
                    "element " + element + ": expected a URL string or an object with \"url\"");
        }
        JsonNode url = node.get("url");
        JsonNode alias = node.get("alias");
        String aliasText = alias != null && alias.isTextual() ? alias.asText() : "";
        if (url == null || !url.isTextual()) {
            return BatchRow.unreadable(element, List.of(url == null ? "" : url.toString(), aliasText),
                    "element " + element + ": field \"url\" is missing or not a string");
        }
        if (alias != null && !alias.isNull() && !alias.isTextual()) {
            return BatchRow.unreadable(element, List.of(url.asText(), alias.toString()),
                    "element " + element + ": field \"alias\" must be a string");
        }
        return BatchRow.of(element, Arrays.asList(url.asText(), aliasText), url.asText().trim(), aliasText);
    }

    private static BatchRow urlOnly(BatchRow row) {
        return new BatchRow(row.line(), List.of(row.cells().get(0)), row.url(), row.alias(), row.inputError());
    }
}
