package dev.shortener.pipeline;

import static dev.shortener.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.shortener.LoopbackProfile;
import dev.shortener.LoopbackUpstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A client that disconnects from {@code /shorten} stops its batch: no call starts after the disconnect. */
@QuarkusTest
@TestProfile(LoopbackProfile.class)
class CancellationTest {

    @TestHTTPResource("/")
    URL service;

    @Inject
    MeterRegistry registry;

    LoopbackUpstream upstream;

    @BeforeEach
    void freshUpstream() {
        upstream = LoopbackUpstream.fresh();
    }

    @ParameterizedTest
    @CsvSource({ "sync, 1", "threads, 3", "async, 100", "virtual-threads, 5", "processes, 2" })
    void aDisconnectedClientStopsTheBatch(String model, int limit) throws Exception {
        upstream.holdAnswers();
        double cancelledBefore = cancelled(model);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < limit + 20; i++) {
            body.append("https://example.com/cancel/").append(model).append('/').append(i).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        try (Socket client = new Socket(service.getHost(), service.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /shorten?model=" + model + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            LoopbackUpstream.await("the model's first " + limit + " calls", Duration.ofSeconds(30),
                    () -> upstream.received() == limit);
        } // the client goes away with every call held at the upstream
        LoopbackUpstream.await("the batch to be cancelled", Duration.ofSeconds(30),
                () -> cancelled(model) > cancelledBefore);
        upstream.release();
        LoopbackUpstream.await("the held calls to be answered and the governor idle", Duration.ofSeconds(30),
                () -> upstream.answered() == upstream.received()
                        && gauge("shortener.governor.in_flight", "provider", "tinyurl-legacy") == 0);

        // A batch sent afterwards through the same model shares its lanes and threads: a cancelled batch that kept
        // going would get its turns meanwhile.
        request().contentType("text/plain; charset=UTF-8").body("https://example.com/cancel/after/" + model + "\n")
                .post("/shorten?model=" + model)
                .then().statusCode(200).header("X-Shortener-Failed", "0");

        assertEquals(limit + 1, upstream.received(), "calls after the disconnect");
        LoopbackUpstream.await("the governor to be idle", Duration.ofSeconds(30),
                () -> gauge("shortener.governor.in_flight", "provider", "tinyurl-legacy") == 0
                        && gauge("shortener.upstream.in_flight", "model", model) == 0);
        assertEquals(0, gauge("shortener.governor.waiting", "provider", "tinyurl-legacy"));
    }

    private double cancelled(String model) {
        var counter = registry.find("shortener.batches.cancelled").tag("model", model).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }
}
