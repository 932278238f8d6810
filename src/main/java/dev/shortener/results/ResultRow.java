package dev.shortener.results;

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
 */
@RegisterForReflection
public record ResultRow(int line, String url, String alias, @JsonProperty("short_url") String shortUrl, String status,
        String error) {

    /** The JSON view of {@code r}. */
    public static ResultRow of(RowResult r) {
        String url = r.row().url() != null ? r.row().url()
                : r.row().cells().isEmpty() ? null : r.row().cells().get(0);
        return new ResultRow(r.row().line(), url, r.row().alias(), r.shortUrl(), r.status(), r.error());
    }
}
