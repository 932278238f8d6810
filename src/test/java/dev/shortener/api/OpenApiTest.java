package dev.shortener.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

/** The served OpenAPI document is the checked-in contract, complete for a generated client. */
@QuarkusTest
public class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void servedDocumentIsTheContractWithTheBuildsVersion() throws IOException {
        JsonNode served = served();
        JsonNode contract = Contract.document();

        String version = served.path("info").path("version").asText();
        assertTrue(version.matches("\\d+\\.\\d+.*"), "info.version is the build's version: " + version);
        assertNotEquals(contract.path("info").path("version").asText(), version);
        ((ObjectNode) served.path("info")).remove("version");
        ObjectNode expected = contract.deepCopy();
        ((ObjectNode) expected.path("info")).remove("version");
        assertEquals(expected, served);
    }

    @Test
    void everyJaxRsEndpointIsInTheDocumentAndEveryOperationIsServed() throws IOException {
        Set<String> documented = new TreeSet<>();
        Contract.document().path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(operation -> METHODS.contains(operation.getKey()))
                .forEach(operation -> documented.add(operation.getKey().toUpperCase() + " " + path.getKey())));

        assertEquals(JaxRsEndpoints.of("dev.shortener"), documented);
    }

    @Test
    void everyOperationHasAnIdATagAndItsProblemsWithTheProblemSchema() throws IOException {
        JsonNode document = Contract.document();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                String name = entry.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = entry.getValue();
                if (operation.path("operationId").asText().isEmpty() || operation.path("tags").isEmpty()) {
                    missing.add(name + ": operationId or tags");
                }
                JsonNode responses = operation.path("responses");
                // Keys apply to every operation: each can be refused for a missing key or a used-up rate.
                for (String status : List.of("401", "429")) {
                    if (!responses.has(status)) {
                        missing.add(name + ": " + status);
                    }
                }
                for (Map.Entry<String, JsonNode> response : responses.properties()) {
                    if (response.getKey().compareTo("400") >= 0) {
                        JsonNode problem = Contract.resolve(document, response.getValue())
                                .path("content").path(Problem.MEDIA_TYPE);
                        if (!problem.path("schema").path("$ref").asText().equals("#/components/schemas/Problem")
                                || problem.path("example").isMissingNode()) {
                            missing.add(name + ": " + response.getKey() + " without a Problem schema and example");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
        assertFalse(document.path("components").path("securitySchemes").path("bearer").isMissingNode());
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/")
                .then().statusCode(200);
    }

    private static JsonNode served() throws IOException {
        String json = given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .extract().asString();
        return new ObjectMapper().readTree(json);
    }
}
