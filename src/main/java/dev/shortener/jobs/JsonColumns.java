package dev.shortener.jobs;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON text columns of the job tables: only this package writes them, so one that does not read is a bug. */
final class JsonColumns {

    static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    static final TypeReference<JsonNode> TREE = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings always serialize", e);
        }
    }

    static <T> T read(ObjectMapper json, String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON column of the job tables is written by this package only", e);
        }
    }
}
