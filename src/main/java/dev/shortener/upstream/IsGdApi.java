package dev.shortener.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** is.gd {@code GET /create.php} (see {@link IsGd}). */
@RegisterRestClient(configKey = "isgd")
@Path("/")
interface IsGdApi {

    @GET
    @Path("/create.php")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> create(@QueryParam("format") String format, @QueryParam("url") String url,
            @QueryParam("shorturl") String alias);
}
