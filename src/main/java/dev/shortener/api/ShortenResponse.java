package dev.shortener.api;

import java.util.List;

import dev.shortener.batch.BatchResult;
import dev.shortener.results.ResultRow;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON answer of {@code POST /shorten}: one entry per input row, in input order, and a summary.
 *
 * @param rows the rows
 * @param summary counts, model and time
 */
@RegisterForReflection
public record ShortenResponse(List<ResultRow> rows, Summary summary) {

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
        List<ResultRow> rows = result.results().stream().map(ResultRow::of).toList();
        return new ShortenResponse(rows, new Summary(rows.size(), result.ok(), result.failed(), result.model().id(),
                result.upstreamCalls(), result.elapsedMillis()));
    }
}
