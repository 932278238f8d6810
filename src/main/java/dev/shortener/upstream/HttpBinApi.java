package dev.shortener.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** httpbin-style {@code GET /uuid}, the benchmark's target. */
@RegisterRestClient(configKey = "httpbin")
@Path("/")
interface HttpBinApi {

    @GET
    @Path("/uuid")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> uuid();
}
