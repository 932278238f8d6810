package dev.shortener.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.TemplateInstance;

/** {@code GET /jobs} for browsers: the recent jobs, beside the API's JSON `GET /jobs` (chosen by Accept). */
@Path("/jobs")
public class JobsPage {

    private final Pages pages;

    JobsPage(Pages pages) {
        this.pages = pages;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page() {
        return pages.jobs();
    }
}
