package dev.shortener.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Makes one attempt of an {@link UpstreamCall} with the JDK's blocking HTTP client: the same providers, requests,
 * timeouts and classification as {@link UpstreamClient}, without CDI or an event loop. Used by the worker processes,
 * one attempt at a time; the service's pipeline decides on retries.
 */
public final class BlockingUpstreamClient {

    private final UpstreamSettings settings;
    private final Map<String, ShortenerProvider> providers;
    private final HttpClient http;

    /** A client for {@code settings}, with its own connection pool. */
    public BlockingUpstreamClient(UpstreamSettings settings) {
        this.settings = settings;
        this.providers = Providers.available(settings);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One attempt of {@code call}, classified exactly as {@link UpstreamClient} does; retries are the service's. */
    public Attempt attempt(UpstreamCall call, int number) throws InterruptedException {
        String id = call.target().id();
        ShortenerProvider provider = providers.get(id);
        if (provider == null) {
            return Attempt.failedWithoutAnswer("provider " + id + " is not configured", number);
        }
        String refusal = provider.refusal(call);
        if (refusal != null) {
            return Attempt.rejected(0, refusal, number);
        }
        UpstreamRequest request = provider.request(call);
        URI target = request.uri(settings.endpoints().get(id).base().toString());
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(settings.timeout())
                .header("Accept", request.accept());
        request.headers().forEach(builder::header);
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType())
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(builder.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return provider.read(response.statusCode(), response.body(),
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
