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
        // Enum order (sync, threads, async, ...) reads as the Python comparison does.
        List<String> choices = new ArrayList<>(models.available().stream().map(ModelName::id).toList());
        choices.add(ModelName.AUTO.id());
        List<ProviderChoice> known = Arrays.stream(Provider.values())
                .map(p -> new ProviderChoice(p.id(), p == providers.defaultProvider(),
                        providers.missing(p).orElse("")))
                .toList();
        return Templates.shorten(choices, config.model().id(), models.autoModel().id(), known);
    }
}
