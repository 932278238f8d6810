package dev.shortener.web;

import jakarta.ws.rs.Path;

import io.quarkus.qute.TemplateInstance;

/** {@code GET /jobs} for browsers: the recent jobs, beside the API's JSON `GET /jobs` (chosen by Accept). */
@Path("/jobs")
public class JobsPage extends Page {

    @Override
    TemplateInstance render() {
        return Templates.jobs();
    }
}
