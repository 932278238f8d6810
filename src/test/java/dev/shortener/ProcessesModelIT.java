package dev.shortener;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged service starts its worker processes from its own jar and answers a batch with them. */
@QuarkusIntegrationTest
class ProcessesModelIT {

    @Test
    void packagedJarRunsABatchOnWorkerProcesses() {
        given()
                .contentType("text/csv; charset=UTF-8")
                .queryParam("model", "processes")
                .body("""
                        url,alias
                        https://example.com/a,
                        https://example.com/b,
                        https://example.com/a,
                        https://example.com/c,it-alias
                        not a url,
                        """)
                .when().post("/shorten")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .header("X-Shortener-Model", "processes")
                .header("X-Shortener-Failed", "1")
                .body(containsString("https://example.com/a,,https://tinyurl.com/xhttps%3A%2F%2Fexample.com%2Fa,ok"))
                .body(containsString("https://example.com/c,it-alias,https://tinyurl.com/it-alias,ok"));
    }
}
