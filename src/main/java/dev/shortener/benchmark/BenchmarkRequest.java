package dev.shortener.benchmark;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code POST /benchmark} may ask for; every field is optional (null means the default).
 *
 * @param requests calls per model and round
 * @param models models to compare
 * @param rounds timed rounds per model
 * @param warmup whether each model first runs one untimed round
 */
@RegisterForReflection
@Schema(description = "Benchmark parameters; query parameters of the same name take precedence over the body")
public record BenchmarkRequest(
        @Schema(description = "Calls per model and round", defaultValue = "100", minimum = "1", maximum = "100000")
        Integer requests,
        @Schema(description = "Models to compare (auto is not one); default: every model of this service",
                example = "[\"threads\", \"async\", \"virtual-threads\"]")
        List<String> models,
        @Schema(description = "Timed rounds per model: the best is reported, and the median",
                defaultValue = "3", minimum = "1", maximum = "10")
        Integer rounds,
        @Schema(description = "One untimed round per model first (one wave at the model's limit)",
                defaultValue = "true")
        Boolean warmup) {

    /** No parameters: every default. */
    public static BenchmarkRequest defaults() {
        return new BenchmarkRequest(null, null, null, null);
    }
}
