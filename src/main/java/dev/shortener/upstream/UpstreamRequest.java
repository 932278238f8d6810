package dev.shortener.upstream;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HTTP request of one call, as the REST client interfaces ({@link TinyUrlApi}, {@link TinyUrlLegacyApi},
 * {@link HttpBinApi}) send it; the worker processes' blocking client sends exactly this.
 *
 * @param method GET or POST
 * @param uri the full URI, query included
 * @param accept the Accept header
 * @param authorization the Authorization header, or null
 * @param jsonBody the JSON body, or null
 */
record UpstreamRequest(String method, URI uri, String accept, String authorization, String jsonBody) {

    static UpstreamRequest of(UpstreamCall call, UpstreamSettings settings) {
        return switch (call.kind()) {
            case UUID -> new UpstreamRequest("GET", URI.create(base(settings.httpBinBase()) + "/uuid"),
                    "application/json", null, null);
            case SHORTEN -> switch (settings.provider()) {
                case TINYURL -> {
                    // Same shape as TinyUrlApi.CreateRequest serialized by Jackson: a null alias is left out.
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("url", call.url());
                    body.put("domain", settings.domain());
                    if (call.alias() != null) {
                        body.put("alias", call.alias());
                    }
                    yield new UpstreamRequest("POST", URI.create(base(settings.tinyUrlBase()) + "/create"),
                            "application/json", bearer(settings.token()), body.toString());
                }
                case TINYURL_LEGACY -> new UpstreamRequest("GET", URI.create(base(settings.tinyUrlLegacyBase())
                        + "/api-create.php?url=" + encode(call.url())
                        + (call.alias() == null ? "" : "&alias=" + encode(call.alias()))), "text/plain", null, null);
            };
        };
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String value) {
        // URLEncoder is form encoding; a query parameter wants %20, not '+', for a space.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
