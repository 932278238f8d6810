package dev.shortener.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.TemplateInstance;

/** {@code GET /} for browsers: the Shorten page (upload, progress, download). */
@Path("/")
public class ShortenPage {

    private final Pages pages;

    ShortenPage(Pages pages) {
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page() {
        return pages.shorten();
    }
}
