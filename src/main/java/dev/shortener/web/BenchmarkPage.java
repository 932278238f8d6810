package dev.shortener.web;

import jakarta.ws.rs.Path;

import dev.shortener.benchmark.BenchmarkService;
import dev.shortener.config.ModelName;
import io.quarkus.qute.TemplateInstance;

/** {@code GET /benchmark} for browsers: the benchmark form and chart, beside the API's `POST /benchmark`. */
@Path("/benchmark")
public class BenchmarkPage extends Page {

    private final BenchmarkService benchmarks;

    BenchmarkPage(BenchmarkService benchmarks) {
        this.benchmarks = benchmarks;
    }

    @Override
    TemplateInstance render() {
        // The page asks for the latest result only when there is one: a 404 would be a console error in the browser.
        return Templates.benchmark(benchmarks.availableModels().stream().map(ModelName::id).toList(),
                benchmarks.autoModel().id(), benchmarks.latest().isPresent());
    }
}
