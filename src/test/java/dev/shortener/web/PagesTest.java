package dev.shortener.web;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;

/** The pages are served by the service itself, next to the API paths they share a prefix with. */
@QuarkusTest
class PagesTest {

    @Test
    void shortenPageOffersEveryModelWithTheDefaultSelected() {
        request().accept("text/html").get("/")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<option value=\"async\" selected>async (default)</option>"))
                .body(containsString("<option value=\"processes\" "))
                .body(containsString("<option value=\"auto\" "))
                .body(containsString("src=\"/static/shorten.js\""));
    }

    @Test
    void shortenPageOffersEveryProviderTheDefaultSelectedAndACallbackField() {
        request().accept("text/html").get("/")
                .then().statusCode(200)
                .body(containsString("<option value=\"tinyurl-legacy\" selected >tinyurl-legacy (default)</option>"))
                .body(containsString("<option value=\"isgd\"  >isgd</option>"))
                .body(containsString("<option value=\"yourls\" "))
                .body(containsString("id=\"callback-input\" name=\"callback\" type=\"url\""))
                .body(containsString("id=\"retry-button\""))
                .body(containsString("id=\"qr-link\""));
    }

    @Test
    void benchmarkPageAndBenchmarkApiShareThePath() {
        WireMockUpstreamResource.freshClient();
        request().accept("text/html").get("/benchmark")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("name=\"models\" value=\"virtual-threads\""));
        request().get("/benchmark/latest")
                .then().contentType(not(startsWith("text/html")));
        request().post("/benchmark?models=auto")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void jobsPageForBrowsersAndJobListForEveryOtherClient() {
        request().accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").get("/jobs")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("id=\"jobs-table\""));
        request().get("/jobs")
                .then().statusCode(200)
                .contentType(startsWith("application/json"));
        request().accept("application/json").get("/jobs")
                .then().statusCode(200)
                .contentType(startsWith("application/json"));
    }

    @Test
    void staticAssetsAreServedWithoutAnyCdn() {
        for (String asset : new String[] { "/static/app.js", "/static/shorten.js", "/static/jobs.js",
                "/static/benchmark.js", "/static/app.css", "/static/favicon.svg" }) {
            request().get(asset).then().statusCode(200);
        }
        request().get("/").then().body(not(containsString("src=\"http"))).body(not(containsString("href=\"http")));
    }
}
