package dev.shortener.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.shortener.batch.BatchResult;
import dev.shortener.batch.RowResult;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON answer of {@code POST /shorten}: one entry per input row, in input order, and a summary.
 *
 * @param rows the rows
 * @param summary counts, model and time
 */
@RegisterForReflection
public record ShortenResponse(List<Row> rows, Summary summary) {

    /**
     * One output row.
     *
     * @param line the input line (CSV, text) or array element (JSON), 1-based
     * @param url the long URL as given
     * @param alias the custom alias, or null
     * @param shortUrl the short URL, or null on error
     * @param status {@code ok} or {@code error}
     * @param error the reason, or null
     */
    @RegisterForReflection
    public record Row(int line, String url, String alias, @JsonProperty("short_url") String shortUrl, String status,
            String error) {
    }

    /**
     * Batch totals.
     *
     * @param rows input rows
     * @param ok rows shortened
     * @param failed rows with an error
     * @param model the model that ran the calls
     * @param upstreamCalls distinct URLs sent upstream
     * @param elapsedMillis wall time of the batch
     */
    @RegisterForReflection
    public record Summary(int rows, long ok, long failed, String model, int upstreamCalls, long elapsedMillis) {
    }

    /** Builds the answer for {@code result}. */
    public static ShortenResponse of(BatchResult result) {
        List<Row> rows = result.results().stream().map(ShortenResponse::row).toList();
        return new ShortenResponse(rows, new Summary(rows.size(), result.ok(), result.failed(), result.model().id(),
                result.upstreamCalls(), result.elapsedMillis()));
    }

    private static Row row(RowResult r) {
        String url = r.row().url() != null ? r.row().url()
                : r.row().cells().isEmpty() ? null : r.row().cells().get(0);
        return new Row(r.row().line(), url, r.row().alias(), r.shortUrl(), r.status(), r.error());
    }
}
