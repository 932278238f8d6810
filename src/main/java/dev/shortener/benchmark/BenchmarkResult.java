package dev.shortener.benchmark;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer of {@code POST /benchmark} and {@code GET /benchmark/latest}. Times are in milliseconds; a value that
 * could not be measured (no successful call) is null.
 *
 * @param endpoint the URL every call went to
 * @param requests calls per model and round
 * @param rounds timed rounds per model
 * @param warmup whether each model ran one untimed wave first
 * @param finishedAt when the benchmark finished
 * @param floor the single-call latency the physical floors are based on
 * @param results one entry per model, in the order they ran
 * @param fastest the model with the lowest best wall time among those without errors; null when every model erred
 * @param ranking every model, error-free ones first, each group by best wall time
 * @param cheapest the model with the least process CPU time per call among those without errors; null when every
 *        model erred. With an HPA scaling on CPU, this is what a replica costs per call.
 */
@RegisterForReflection
public record BenchmarkResult(String endpoint, int requests, int rounds, boolean warmup, Instant finishedAt,
        Floor floor, List<ModelResult> results, String fastest, List<String> ranking, String cheapest) {

    /**
     * The network's single-call latency for this run.
     *
     * @param latencyMillis the lowest of the models' median latencies: the least-loaded view of the upstream
     * @param measuredBy the model whose median it is
     */
    @RegisterForReflection
    @Schema(description = "Physical floor of a model = latencyMillis x ceil(requests / limit)")
    public record Floor(Double latencyMillis, String measuredBy) {
    }

    /**
     * One model's figures.
     *
     * @param model the model
     * @param limit calls in flight at once (its configured limit)
     * @param wallMillis the best round's wall time
     * @param medianWallMillis the median round's wall time
     * @param roundWallMillis every round's wall time, in order
     * @param requestsPerSecond calls per second in the best round
     * @param p50 median single-call latency over all timed rounds
     * @param p95 95th percentile single-call latency
     * @param p99 99th percentile single-call latency
     * @param max slowest single call
     * @param errors calls that ended with an error, over all timed rounds
     * @param floorMillis the physical floor: floor latency x ceil(requests / limit)
     * @param floorRatio wallMillis / floorMillis: 1.0 is as fast as the network allows at this limit
     * @param cpuMicrosPerCall process CPU time (all threads of the service, not only this model's) during the timed
     *        rounds, divided by their calls, in microseconds
     */
    @RegisterForReflection
    public record ModelResult(String model, int limit, double wallMillis, double medianWallMillis,
            List<Double> roundWallMillis, double requestsPerSecond, Double p50, Double p95, Double p99, Double max,
            long errors, Double floorMillis, Double floorRatio, double cpuMicrosPerCall) {
    }
}
