package dev.shortener.ingest;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;
import dev.shortener.error.RequestRejectedException;

/**
 * An {@code application/json} body, {@code ["https://..."]} or {@code [{"url": ..., "alias": ...}]}, read element by
 * element with Jackson's streaming parser; only one element is ever held as a tree.
 */
final class JsonRows extends StreamingRows {

    private static final String SHAPE =
            "body must be a JSON array of URL strings or of {\"url\": ..., \"alias\": ...} objects";

    private final JsonParser parser;
    private final ObjectMapper trees;
    private final int maxStringLength;
    private final int maxDepth;
    private boolean started;
    private boolean anyAlias;
    private int element;

    JsonRows(DecodingReader body, ObjectMapper trees, int maxRows) throws IOException {
        super(Batch.InputFormat.JSON, body, maxRows);
        this.trees = trees;
        this.parser = trees.getFactory().createParser(body);
        this.maxStringLength = trees.getFactory().streamReadConstraints().getMaxStringLength();
        this.maxDepth = trees.getFactory().streamReadConstraints().getMaxNestingDepth();
    }

    @Override
    BatchRow readRow() throws IOException {
        if (!started) {
            started = true;
            JsonToken first = nextToken();
            if (first == null) {
                throw RequestRejectedException.badRequest("empty body: send a JSON array of URLs");
            }
            if (first != JsonToken.START_ARRAY) {
                throw RequestRejectedException.badRequest(SHAPE);
            }
        }
        if (nextToken() == JsonToken.END_ARRAY) {
            if (nextToken() != null) {
                throw RequestRejectedException.badRequest("unexpected content after the JSON array at line "
                        + parser.currentTokenLocation().getLineNr() + "; " + SHAPE);
            }
            if (element == 0) {
                throw RequestRejectedException.badRequest("no URL rows in the body: the array is empty");
            }
            return null;
        }
        element++;
        JsonNode node;
        try {
            node = trees.readTree(parser);
        } catch (JsonProcessingException e) {
            throw refusal(e, element);
        }
        BatchRow row = toRow(element, node);
        anyAlias |= row.alias() != null;
        return row;
    }

    @Override
    public List<String> columns() {
        return anyAlias ? List.of("url", "alias") : List.of("url");
    }

    @Override
    public void close() {
        closeQuietly(parser);
        super.close();
    }

    private JsonToken nextToken() throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw refusal(e, element + 1);
        }
    }

    /** Jackson's refusal while reading element {@code at}, as a problem naming it. */
    private RequestRejectedException refusal(JsonProcessingException e, int at) {
        if (e instanceof StreamConstraintsException) {
            String message = e.getOriginalMessage();
            String limit = message.contains("String value length")
                    ? "a string longer than " + maxStringLength + " characters (shortener.csv.max-cell-length)"
                    : message.contains("nesting depth") ? "nested deeper than " + maxDepth + " levels" : message;
            return new RequestRejectedException(413, "Payload Too Large", "element " + at + ": " + limit);
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return RequestRejectedException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
    }

    private static BatchRow toRow(int element, JsonNode node) {
        if (node.isTextual()) {
            return BatchRow.of(element, List.of(node.asText()), node.asText().trim(), null);
        }
        if (!node.isObject()) {
            return BatchRow.unreadable(element, List.of(node.toString()),
                    "element " + element + ": expected a URL string or an object with \"url\"");
        }
        JsonNode url = node.get("url");
        JsonNode alias = node.get("alias");
        String aliasText = alias != null && alias.isTextual() ? alias.asText() : "";
        if (url == null || !url.isTextual()) {
            return BatchRow.unreadable(element, cells(url == null ? "" : url.toString(), aliasText),
                    "element " + element + ": field \"url\" is missing or not a string");
        }
        if (alias != null && !alias.isNull() && !alias.isTextual()) {
            return BatchRow.unreadable(element, cells(url.asText(), alias.toString()),
                    "element " + element + ": field \"alias\" must be a string");
        }
        return BatchRow.of(element, cells(url.asText(), aliasText), url.asText().trim(), aliasText);
    }

    /** The echoed cells: the alias column only when there is one, since the writer pads short rows. */
    private static List<String> cells(String url, String alias) {
        return alias.isEmpty() ? List.of(url) : List.of(url, alias);
    }
}
