package dev.shortener.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** Kutt API v2 {@code POST /api/v2/links} (see {@link Kutt}). */
@RegisterRestClient(configKey = "kutt")
@Path("/")
interface KuttApi {

    @POST
    @Path("/api/v2/links")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> create(@HeaderParam("X-API-KEY") String credential, String json);
}
