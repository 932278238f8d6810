package dev.shortener.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
public class OpenApiTest {

    @Test
    void openApiDescribesShortenAndBenchmarkWithExamples() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/shorten"))
                .body("paths", hasKey("/benchmark"))
                .body("paths", hasKey("/benchmark/latest"))
                .body("paths.'/benchmark'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/benchmark'.post.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("paths.'/benchmark'.post.responses", hasKey("409"))
                .body("paths.'/shorten'.post.responses.'200'.content.'text/csv'.examples", notNullValue());
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/")
                .then().statusCode(200);
    }
}
