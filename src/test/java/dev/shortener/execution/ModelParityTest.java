package dev.shortener.execution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Every model turns the same batch into byte-identical output: they differ only in how calls are scheduled. */
@QuarkusTest
class ModelParityTest {

    static final String CSV = """
            name,url,alias,note
            home,https://example.com/,,"plain, with a comma"
            "quoted, name","https://example.com/search?q=a,b&lang=en",,duplicate follows
            again,"https://example.com/search?q=a,b&lang=en",,same URL: one upstream call
            bad scheme,ftp://example.com/file,,invalid row
            empty,,,missing URL
            aliased,https://example.com/docs/page,my-alias,custom alias
            spaces,https://example.com/a%20b/c,,
            unicode,https://example.com/caf%C3%A9,,"quote ""inside""\"
            last,https://example.org/path?x=1&y=2#frag,,
            """;

    @Test
    void everyModelAnswersTheSameCsv() {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String model : List.of("sync", "threads", "async", "virtual-threads", "processes")) {
            String body = given()
                    .contentType("text/csv; charset=UTF-8")
                    .queryParam("model", model)
                    .body(CSV)
                    .when().post("/shorten")
                    .then()
                    .log().ifValidationFails()
                    .statusCode(200)
                    .contentType(containsString("text/csv"))
                    .header("X-Shortener-Model", model)
                    .header("X-Shortener-Failed", "2")
                    .extract().asString();
            bodies.put(model, body);
        }
        String sync = bodies.get("sync");
        bodies.forEach((model, body) -> assertEquals(sync, body, model + " differs from sync"));
    }
}
