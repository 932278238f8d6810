package dev.shortener.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.benchmark.BenchmarkService;
import dev.shortener.config.ModelName;
import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.execution.AutoChoice;
import dev.shortener.execution.ExecutionModels;
import dev.shortener.upstream.ProviderRegistry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Renders the pages for people. They are HTML shells: every action goes through the same HTTP API as any client
 * ({@code POST /jobs}, {@code GET /jobs/{id}/events}, {@code POST /benchmark}), from the scripts under /static.
 */
@ApplicationScoped
public class Pages {

    private final ExecutionModels models;
    private final AutoChoice autoChoice;
    private final ShortenerConfig config;
    private final BenchmarkService benchmarks;
    private final ProviderRegistry providers;

    Pages(ExecutionModels models, AutoChoice autoChoice, ShortenerConfig config, BenchmarkService benchmarks,
            ProviderRegistry providers) {
        this.providers = providers;
        this.models = models;
        this.autoChoice = autoChoice;
        this.config = config;
        this.benchmarks = benchmarks;
    }

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance shorten(List<String> models, String defaultModel, String autoModel,
                List<ProviderChoice> providers);

        static native TemplateInstance jobs();

        static native TemplateInstance benchmark(List<String> models, String autoModel, boolean hasLatest);
    }

    /**
     * A provider of the select: its id, whether it is the default, and what it still needs configured (empty: ready).
     */
    record ProviderChoice(String id, boolean isDefault, String missing) {
    }

    /** The Shorten page: every model and {@code auto}, every provider, the configured defaults selected. */
    public TemplateInstance shorten() {
        List<String> choices = new ArrayList<>(concreteModels());
        choices.add(ModelName.AUTO.id());
        List<ProviderChoice> known = Arrays.stream(Provider.values())
                .map(p -> new ProviderChoice(p.id(), p == providers.defaultProvider(),
                        providers.missing(p).orElse("")))
                .toList();
        return Templates.shorten(choices, config.model().id(), autoChoice.current().id(), known);
    }

    /** The recent-jobs page. */
    public TemplateInstance jobs() {
        return Templates.jobs();
    }

    /** The benchmark form and chart. */
    public TemplateInstance benchmark() {
        // The page asks for the latest result only when there is one: a 404 would be a console error in the browser.
        return Templates.benchmark(concreteModels(), autoChoice.current().id(), benchmarks.latest().isPresent());
    }

    private List<String> concreteModels() {
        // Enum order (sync, threads, async, ...) reads as the Python comparison does.
        return models.available().stream().sorted().map(ModelName::id).toList();
    }
}
