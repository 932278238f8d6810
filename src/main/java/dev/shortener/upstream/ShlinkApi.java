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

/** Shlink REST API v3 {@code POST /rest/v3/short-urls} (see {@link Shlink}). */
@RegisterRestClient(configKey = "shlink")
@Path("/")
interface ShlinkApi {

    @POST
    @Path("/rest/v3/short-urls")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> create(@HeaderParam("X-Api-Key") String credential, String json);
}
