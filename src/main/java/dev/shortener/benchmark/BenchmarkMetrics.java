package dev.shortener.benchmark;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ModelName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The latest benchmark as gauges labelled by model: {@code shortener.benchmark.wall_millis},
 * {@code .requests_per_second} and {@code .floor_ratio}. A model absent from the latest benchmark reads NaN.
 */
@ApplicationScoped
public class BenchmarkMetrics {

    private final MeterRegistry registry;
    private final Map<ModelName, Values> values = new EnumMap<>(ModelName.class);

    BenchmarkMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void publish(BenchmarkResult result) {
        values.values().forEach(Values::clear);
        for (BenchmarkResult.ModelResult r : result.results()) {
            ModelName model = ModelName.parse(r.model()).orElseThrow();
            Values v = values.computeIfAbsent(model, this::register);
            v.wallMillis = r.wallMillis();
            v.requestsPerSecond = r.requestsPerSecond();
            v.floorRatio = r.floorRatio() == null ? Double.NaN : r.floorRatio();
        }
    }

    private Values register(ModelName model) {
        Values v = new Values();
        Gauge.builder("shortener.benchmark.wall_millis", v, x -> x.wallMillis)
                .description("Best wall time of the latest benchmark, in milliseconds")
                .tag("model", model.id())
                .register(registry);
        Gauge.builder("shortener.benchmark.requests_per_second", v, x -> x.requestsPerSecond)
                .description("Calls per second in the best round of the latest benchmark")
                .tag("model", model.id())
                .register(registry);
        Gauge.builder("shortener.benchmark.floor_ratio", v, x -> x.floorRatio)
                .description("Best wall time of the latest benchmark divided by the model's physical floor")
                .tag("model", model.id())
                .register(registry);
        return v;
    }

    /** The gauges' values; volatile because the registry reads them from its own thread. */
    private static final class Values {
        volatile double wallMillis = Double.NaN;
        volatile double requestsPerSecond = Double.NaN;
        volatile double floorRatio = Double.NaN;

        void clear() {
            wallMillis = Double.NaN;
            requestsPerSecond = Double.NaN;
            floorRatio = Double.NaN;
        }
    }
}
