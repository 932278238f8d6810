package dev.shortener.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.shortener.config.ModelName;
import dev.shortener.execution.OutcomeSink;

/** What one model's timed rounds produced: a histogram and counters, no per-call data. */
final class Measurement {

    private final ModelName model;
    private final int limit;
    private final List<Long> walls;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final AtomicLong errors = new AtomicLong();
    private long cpuNanos;
    private long calls;

    Measurement(ModelName model, int limit, int rounds) {
        this.model = model;
        this.limit = limit;
        this.walls = new ArrayList<>(rounds);
    }

    /** The model measured. */
    ModelName model() {
        return model;
    }

    /** The successful calls' latencies so far. */
    LatencyHistogram latencies() {
        return latencies;
    }

    void addRound(long wallNanos, long roundCpuNanos, int roundCalls) {
        walls.add(wallNanos);
        cpuNanos += roundCpuNanos;
        calls += roundCalls;
    }

    OutcomeSink sink() {
        return (index, outcome) -> {
            if (outcome.ok()) {
                latencies.record(outcome.latencyNanos());
            } else {
                errors.incrementAndGet();
            }
        };
    }

    BenchmarkResult.ModelResult result(int requests, Double floorLatency) {
        long best = walls.stream().mapToLong(Long::longValue).min().orElseThrow();
        double median = Ranking.median(walls);
        Double floor = floorLatency == null ? null
                : floorLatency * Math.ceilDiv(requests, limit);
        return new BenchmarkResult.ModelResult(model.id(), limit, millis(best), round(median / 1e6, 1),
                walls.stream().map(Measurement::millis).toList(),
                round(requests / (best / 1e9), 1),
                nullable(latencies.percentileMillis(50)), nullable(latencies.percentileMillis(95)),
                nullable(latencies.percentileMillis(99)), nullable(latencies.maxMillis()),
                errors.get(),
                floor == null ? null : round(floor, 1),
                floor == null ? null : round(best / 1e6 / floor, 3),
                round(Ranking.microsPerCall(cpuNanos, calls), 1));
    }

    private static double millis(long nanos) {
        return round(nanos / 1e6, 1);
    }

    private static Double nullable(double millis) {
        return Double.isNaN(millis) ? null : round(millis, 2);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
