package dev.shortener.web;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * A page for people, at the path of the API it goes with and chosen there by an Accept of HTML. Pages are HTML shells:
 * every action goes through the same HTTP API as any client ({@code POST /jobs}, {@code GET /jobs/{id}/events},
 * {@code POST /benchmark}), from the scripts under /static.
 */
public abstract class Page {

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance shorten(List<String> models, String defaultModel, String autoModel,
                List<ShortenPage.ProviderChoice> providers);

        static native TemplateInstance jobs();

        static native TemplateInstance benchmark(List<String> models, String autoModel, boolean hasLatest);
    }

    /** The page as it is now. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page() {
        return render();
    }

    abstract TemplateInstance render();
}
