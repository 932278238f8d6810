package dev.shortener.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link UpstreamCall} with the JDK's blocking HTTP client: the same requests, timeouts, retries, backoff and
 * row errors as {@link UpstreamClient}, without CDI or an event loop. Used by the worker processes, one call at a time.
 */
public final class BlockingUpstreamClient {

    /** Told before each attempt, so that a watchdog can tell a slow call from a hung process. */
    @FunctionalInterface
    public interface AttemptListener {
        /** Attempt {@code number} starts after {@code wait}. */
        void beforeAttempt(int number, Duration wait);
    }

    private static final long PID = ProcessHandle.current().pid();

    private final UpstreamSettings settings;
    private final HttpClient http;

    /** A client for {@code settings}, with its own connection pool. */
    public BlockingUpstreamClient(UpstreamSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Calls the upstream, retrying as configured; the outcome holds the value or the final error. */
    public CallOutcome call(UpstreamCall call, AttemptListener listener) throws InterruptedException {
        long start = System.nanoTime();
        Duration wait = Duration.ZERO;
        for (int number = 1;; number++) {
            listener.beforeAttempt(number, wait);
            Thread.sleep(wait);
            Attempt result = attempt(call, number);
            if (!result.retryable() || number >= settings.maxAttempts()) {
                return result.toOutcome(System.nanoTime() - start, PID);
            }
            wait = Backoff.after(number, settings.initialBackoff(), settings.maxBackoff(), result.retryAfter());
        }
    }

    private Attempt attempt(UpstreamCall call, int number) throws InterruptedException {
        UpstreamRequest request = UpstreamRequest.of(call, settings);
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(settings.timeout())
                .header("Accept", request.accept());
        if (request.authorization() != null) {
            builder.header("Authorization", request.authorization());
        }
        if (request.jsonBody() != null) {
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.jsonBody()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(builder.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return UpstreamResponses.classify(call, settings.provider(), response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null), number);
        } catch (HttpConnectTimeoutException e) {
            return Attempt.transportFailure(new ConnectException("connect timed out"), settings.timeout(), number);
        } catch (HttpTimeoutException e) {
            // Worded like the reactive client's timeout.
            return Attempt.transportFailure(new TimeoutException(), settings.timeout(), number);
        } catch (ConnectException e) {
            return Attempt.transportFailure(e.getMessage() == null ? new ConnectException("connection refused") : e,
                    settings.timeout(), number);
        } catch (IOException e) {
            return Attempt.transportFailure(e, settings.timeout(), number);
        }
    }
}
