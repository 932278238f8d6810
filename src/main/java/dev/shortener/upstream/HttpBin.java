package dev.shortener.upstream;

import java.util.Map;

/** The benchmark's httpbin-style {@code GET /uuid}: the value is the body's {@code uuid}. */
final class HttpBin implements ShortenerProvider {

    @Override
    public UpstreamRequest request(UpstreamCall call) {
        return UpstreamRequest.get("/uuid", Map.of(), "application/json");
    }

    @Override
    public Attempt read(int status, String body, String retryAfter, int number) {
        return UpstreamResponses.classify(status, body, retryAfter, number, "uuid",
                tree -> UpstreamResponses.text(tree, "uuid"), TinyUrl::firstError);
    }
}
