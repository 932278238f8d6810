package dev.shortener.api;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * A RestAssured filter that fails a request whose answer the contract does not declare: an operation that is not in
 * {@code META-INF/openapi.yaml}, a status it does not list, or a content type that status does not list.
 */
final class DocumentedAnswers implements Filter {

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        String path = URI.create(request.getURI()).getPath();
        String method = request.getMethod().toLowerCase();
        String what = request.getMethod() + " " + path + " answered " + answer.statusCode();
        JsonNode operation = operation(method, path);
        if (operation == null) {
            throw new AssertionError(request.getMethod() + " " + path + " is not an operation of the contract");
        }
        JsonNode declared = operation.path("responses").path(String.valueOf(answer.statusCode()));
        if (declared.isMissingNode()) {
            throw new AssertionError(what + ", a status the contract does not declare: " + answer.asString());
        }
        JsonNode content = Contract.resolve(Contract.document(), declared).path("content");
        String type = answer.contentType() == null ? "" : answer.contentType().split(";")[0].trim();
        boolean fits = content.isEmpty() ? answer.asByteArray().length == 0 : content.has(type);
        if (!fits) {
            throw new AssertionError(what + " with content type '" + type + "', which the contract does not declare "
                    + "for it (declared: " + content.properties().stream().map(Map.Entry::getKey).toList() + ")");
        }
        return answer;
    }

    private static JsonNode operation(String method, String path) {
        for (Map.Entry<String, JsonNode> template : Contract.document().path("paths").properties()) {
            String regex = Pattern.quote(template.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex) && template.getValue().has(method)) {
                return template.getValue().path(method);
            }
        }
        return null;
    }
}
