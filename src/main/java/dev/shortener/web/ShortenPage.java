package dev.shortener.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.Path;

import dev.shortener.config.ModelName;
import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.execution.ExecutionModels;
import dev.shortener.upstream.ProviderRegistry;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code GET /} for browsers: the Shorten page (upload, progress, download), every model and {@code auto}, every
 * provider, the configured defaults selected.
 */
@Path("/")
public class ShortenPage extends Page {

    private final ExecutionModels models;
    private final ShortenerConfig config;
    private final ProviderRegistry providers;

    ShortenPage(ExecutionModels models, ShortenerConfig config, ProviderRegistry providers) {
        this.models = models;
        this.config = config;
        this.providers = providers;
    }

    /**
     * A provider of the select: its id, whether it is the default, and what it still needs configured (empty: ready).
     */
    record ProviderChoice(String id, boolean isDefault, String missing) {
    }

    @Override
    TemplateInstance render() {
        List<String> choices = new ArrayList<>(concreteModels());
        choices.add(ModelName.AUTO.id());
        List<ProviderChoice> known = Arrays.stream(Provider.values())
                .map(p -> new ProviderChoice(p.id(), p == providers.defaultProvider(),
                        providers.missing(p).orElse("")))
                .toList();
        return Templates.shorten(choices, config.model().id(), autoModel(), known);
    }

    private List<String> concreteModels() {
        // Enum order (sync, threads, async, ...) reads as the Python comparison does.
        return models.available().stream().sorted().map(ModelName::id).toList();
    }

    /** The model {@code auto} runs on now: always one this service has, as the benchmark picks among those. */
    private String autoModel() {
        return models.resolve(ModelName.AUTO).orElseThrow().name().id();
    }
}
