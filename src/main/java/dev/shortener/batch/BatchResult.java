package dev.shortener.batch;

import java.util.List;

import dev.shortener.config.ModelName;

/**
 * A shortened batch: one result per input row, in input order.
 *
 * @param batch the input
 * @param results one per input row
 * @param model the model that ran the calls
 * @param upstreamCalls distinct URLs sent upstream (duplicates, invalid rows and links the store knew are not)
 * @param elapsedMillis wall time from validation to the last outcome
 */
public record BatchResult(Batch batch, List<RowResult> results, ModelName model, int upstreamCalls,
        long elapsedMillis) {

    /** Rows that came back with a short URL. */
    public long ok() {
        return results.stream().filter(RowResult::ok).count();
    }

    /** Rows that came back with an error. */
    public long failed() {
        return results.size() - ok();
    }
}
