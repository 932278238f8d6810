package dev.shortener.upstream;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HTTP request of one attempt as a provider shapes it: {@link UpstreamTransport} sends exactly this, and so does
 * the worker processes' blocking client.
 *
 * @param method GET or POST
 * @param path the path under the provider's base URL
 * @param query query parameters in order; null values are left out
 * @param headers request headers (credentials included: never log a request)
 * @param accept the Accept header
 * @param contentType the body's type, or null without a body
 * @param body the body, already encoded (JSON or form), or null
 */
public record UpstreamRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
        String accept, String contentType, String body) {

    /** A GET with query parameters. */
    public static UpstreamRequest get(String path, Map<String, String> query, String accept) {
        return new UpstreamRequest("GET", path, query, Map.of(), accept, null, null);
    }

    /** A POST of a JSON object of {@code members}, as {@link #json} writes them. */
    public static UpstreamRequest postJson(String path, Map<String, String> headers, Object... members) {
        return new UpstreamRequest("POST", path, Map.of(), headers, "application/json", "application/json",
                json(members).toString());
    }

    /** A POST of a form body built from {@code fields} (null values left out). */
    public static UpstreamRequest postForm(String path, Map<String, String> fields, String accept) {
        return new UpstreamRequest("POST", path, Map.of(), Map.of(), accept, "application/x-www-form-urlencoded",
                encoded(fields));
    }

    /** Query parameters in order, for building them inline. */
    public static Map<String, String> params(String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return params;
    }

    /**
     * A JSON object of {@code members}, names and values in turn and in order; a value is text, a boolean, a list of
     * texts (an array) or a JSON node. A null value or an empty list is left out rather than sent empty: the upstream
     * then applies its default (TinyURL, for one, picks a random alias).
     */
    static ObjectNode json(Object... members) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < members.length; i += 2) {
            String name = (String) members[i];
            switch (members[i + 1]) {
                case null -> {
                }
                case Boolean flag -> json.put(name, flag);
                case JsonNode node -> json.set(name, node);
                case List<?> list when list.isEmpty() -> {
                }
                case List<?> list -> {
                    ArrayNode array = json.putArray(name);
                    list.forEach(item -> array.add(item.toString()));
                }
                default -> json.put(name, members[i + 1].toString());
            }
        }
        return json;
    }

    /** The full URI under {@code base}. */
    public URI uri(String base) {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String queryString = encoded(query);
        return URI.create(root + path + (queryString.isEmpty() ? "" : "?" + queryString));
    }

    /** A header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    static String encoded(Map<String, String> fields) {
        StringJoiner joined = new StringJoiner("&");
        fields.forEach((key, value) -> {
            if (value != null) {
                joined.add(encode(key) + "=" + encode(value));
            }
        });
        return joined.toString();
    }

    private static String encode(String value) {
        // URLEncoder is form encoding; a query parameter wants %20, not '+', for a space.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        // Headers and bodies carry credentials (YOURLS' signature is a form field): neither is printed.
        return method + " " + path;
    }
}
