package dev.shortener.benchmark;

import java.util.List;

import dev.shortener.config.ModelName;

/**
 * A validated benchmark: what will run.
 *
 * @param requests calls per model and round
 * @param models the concrete models, in the order they run
 * @param rounds timed rounds per model
 * @param warmup whether each model first runs one untimed wave of {@code min(requests, limit)} calls
 */
public record BenchmarkPlan(int requests, List<ModelName> models, int rounds, boolean warmup) {
}
