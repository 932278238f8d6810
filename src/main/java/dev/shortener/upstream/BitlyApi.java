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

/** Bitly API v4 {@code POST /v4/shorten} (see {@link Bitly}). */
@RegisterRestClient(configKey = "bitly")
@Path("/")
interface BitlyApi {

    @POST
    @Path("/v4/shorten")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> create(@HeaderParam("Authorization") String credential, String json);
}
