package dev.shortener.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The checked-in API contract, {@code META-INF/openapi.yaml}, as a JSON tree. */
final class Contract {

    private static final JsonNode DOCUMENT = load();

    private Contract() {
    }

    /** The whole document (shared: do not modify it, copy it). */
    static JsonNode document() {
        return DOCUMENT;
    }

    /** {@code node} itself, or the component its {@code $ref} names. */
    static JsonNode resolve(JsonNode document, JsonNode node) {
        String ref = node.path("$ref").asText();
        if (ref.isEmpty()) {
            return node;
        }
        return document.at(ref.substring(1));
    }

    private static JsonNode load() {
        try (InputStream in = Contract.class.getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/openapi.yaml is not on the class path");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
