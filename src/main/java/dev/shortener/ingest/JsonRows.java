package dev.shortener.ingest;

import java.io.IOException;
import java.util.ArrayList;
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
 * An {@code application/json} body, {@code ["https://..."]} or {@code [{"url": ..., "alias": ..., "tags": ...,
 * "expires_at": ..., "title": ...}]} (tags a {@code ;}-separated string or an array of strings), read element by
 * element with Jackson's streaming parser; only one element is ever held as a tree.
 */
final class JsonRows extends StreamingRows {

    private static final String SHAPE =
            "body must be a JSON array of URL strings or of {\"url\": ..., \"alias\": ...} objects";
    /** The members read from an object, in the order of the echoed columns. */
    static final List<String> MEMBERS = List.of("url", "alias", "tags", "expires_at", "title");

    private final JsonParser parser;
    private final ObjectMapper trees;
    private final int maxStringLength;
    private final int maxDepth;
    private boolean started;
    private int width = 1;
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
        if (row.url() != null) {
            // Columns up to the last member a readable element gives a value: a blank alias adds none.
            for (int i = row.cells().size() - 1; i >= width; i--) {
                if (!row.cells().get(i).isBlank()) {
                    width = i + 1;
                }
            }
        }
        return row;
    }

    @Override
    public List<String> columns() {
        return MEMBERS.subList(0, width);
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
        List<String> cells = new ArrayList<>(MEMBERS.size());
        String malformed = null;
        for (String member : MEMBERS) {
            JsonNode value = node.get(member);
            String text = text(value, member.equals("tags"));
            if (text == null) {
                malformed = malformed != null ? malformed : member;
                text = value.toString();
            }
            cells.add(text);
        }
        while (cells.size() > 1 && cells.get(cells.size() - 1).isEmpty()) {
            // The echoed cells stop at the last member given, since the writer pads short rows.
            cells.remove(cells.size() - 1);
        }
        if (url == null || !url.isTextual()) {
            return BatchRow.unreadable(element, List.copyOf(cells),
                    "element " + element + ": field \"url\" is missing or not a string");
        }
        if (malformed != null) {
            return BatchRow.unreadable(element, List.copyOf(cells), "element " + element + ": field \"" + malformed
                    + "\" must be a string" + (malformed.equals("tags") ? " or an array of strings" : ""));
        }
        return BatchRow.of(element, List.copyOf(cells), url.asText().trim(), cell(cells, 1), cell(cells, 2),
                cell(cells, 3), cell(cells, 4));
    }

    /** A member's text ("" when absent or null), tags joined with ";" from an array; null when of another type. */
    private static String text(JsonNode value, boolean list) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (list && value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    return null;
                }
                items.add(item.asText());
            }
            return String.join(";", items);
        }
        return null;
    }

    private static String cell(List<String> cells, int index) {
        return index < cells.size() ? cells.get(index) : null;
    }
}
