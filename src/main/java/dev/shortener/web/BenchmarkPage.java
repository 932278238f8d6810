package dev.shortener.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.TemplateInstance;

/** {@code GET /benchmark} for browsers: the benchmark form and chart, beside the API's `POST /benchmark`. */
@Path("/benchmark")
public class BenchmarkPage {

    private final Pages pages;

    BenchmarkPage(Pages pages) {
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page() {
        return pages.benchmark();
    }
}
