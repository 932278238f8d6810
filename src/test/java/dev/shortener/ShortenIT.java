package dev.shortener;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged application (prod profile) against a real upstream on loopback. */
@QuarkusIntegrationTest
class ShortenIT {

    @ParameterizedTest
    @ValueSource(strings = { "sync", "threads", "async", "virtual-threads" })
    void packagedServiceShortensTheMixedCsvWithEveryModel(String model) {
        request().contentType("text/csv").body(Fixtures.batch("mixed.csv"))
                .post("/shorten?model=" + model)
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("X-Shortener-Model", model)
                .header("X-Shortener-Failed", "3")
                .body(equalTo(Fixtures.text("mixed.expected.csv")));
    }

    @Test
    void defaultModelIsAsyncAndJsonAnswersJson() {
        request().contentType("application/json").body("[\"https://example.com/it\"]")
                .post("/shorten")
                .then().statusCode(200)
                .header("X-Shortener-Model", "async")
                .body("rows[0].short_url", equalTo(Fixtures.stubShortUrl("https://example.com/it")));
    }

    @Test
    void clientMistakesAreProblemsNotStackTraces() {
        request().contentType("text/csv").body("url\n\"https://example.com/x\n")
                .post("/shorten")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("malformed CSV"));
    }

    @Test
    void healthIsUp() {
        request().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
