package dev.shortener.benchmark;

import java.util.Comparator;
import java.util.List;

/** The benchmark's statistics and verdicts: median, CPU per call, fastest and cheapest model. Pure functions. */
final class Ranking {

    private Ranking() {
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN when empty. */
    static double median(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    /** {@code cpuNanos} spread over {@code calls}, in microseconds; 0 without calls. */
    static double microsPerCall(long cpuNanos, long calls) {
        return calls == 0 ? 0 : cpuNanos / 1_000.0 / calls;
    }

    /** Error-free models first, each group by best wall time. */
    static List<BenchmarkResult.ModelResult> byWallTime(List<BenchmarkResult.ModelResult> results) {
        return results.stream()
                .sorted(Comparator.comparing((BenchmarkResult.ModelResult r) -> r.errors() > 0)
                        .thenComparingDouble(BenchmarkResult.ModelResult::wallMillis))
                .toList();
    }

    /** The first of a {@link #byWallTime} ranking if it had no errors, else null. */
    static String fastest(List<BenchmarkResult.ModelResult> ranked) {
        return ranked.isEmpty() || ranked.get(0).errors() > 0 ? null : ranked.get(0).model();
    }

    /** The error-free model with the least CPU per call, or null when every model had errors. */
    static String cheapest(List<BenchmarkResult.ModelResult> results) {
        return results.stream()
                .filter(r -> r.errors() == 0)
                .min(Comparator.comparingDouble(BenchmarkResult.ModelResult::cpuMicrosPerCall))
                .map(BenchmarkResult.ModelResult::model)
                .orElse(null);
    }
}
