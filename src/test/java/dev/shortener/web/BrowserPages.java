package dev.shortener.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.shortener.WireMockUpstreamResource;
import io.restassured.RestAssured;

/** What every page test in a browser starts from: a fresh loopback upstream and a desktop-sized Chromium per test. */
abstract class BrowserPages {

    protected WireMock upstream;
    protected Browser browser;

    @BeforeEach
    void open() {
        upstream = WireMockUpstreamResource.freshClient();
        browser = new Browser(1280, 900);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    /** The address of a page of the service under test. */
    protected static String url(String path) {
        return "http://localhost:" + RestAssured.port + path;
    }

    /** A CSV file to hand to the page's file input. */
    protected static Path csvFile(String content) throws IOException {
        Path file = Files.createTempFile("links", ".csv");
        Files.writeString(file, content);
        return file;
    }
}
