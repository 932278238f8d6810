package dev.shortener.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.shortener.batch.RowResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One result row in JSON answers ({@code /shorten} JSON, NDJSON job results).
 *
 * @param line the input line (CSV, text) or array element (JSON), 1-based
 * @param url the long URL as given
 * @param alias the custom alias, or null
 * @param shortUrl the short URL, or null on error
 * @param status {@code ok} or {@code error}
 * @param error the reason, or null
 * @param taggedUrl the URL with the request's UTM parameters (what was shortened); absent without them
 * @param warning what the provider left out of the row's link fields; absent when nothing was
 */
@RegisterForReflection
public record ResultRow(int line, String url, String alias, @JsonProperty("short_url") String shortUrl, String status,
        String error, @JsonProperty("tagged_url") @JsonInclude(JsonInclude.Include.NON_NULL) String taggedUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) String warning) {

    /** The JSON view of {@code r}. */
    public static ResultRow of(RowResult r) {
        String url = r.row().url() != null ? r.row().url()
                : r.row().cells().isEmpty() ? null : r.row().cells().get(0);
        return new ResultRow(r.row().line(), url, r.row().alias(), r.shortUrl(), r.status(), r.error(),
                r.row().taggedUrl(), r.warning());
    }
}
