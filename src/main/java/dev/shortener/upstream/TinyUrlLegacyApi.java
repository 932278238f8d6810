package dev.shortener.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** TinyURL's keyless API: the plain-text body is the short URL, or the word {@code Error}. */
@RegisterRestClient(configKey = "tinyurl-legacy")
@Path("/")
interface TinyUrlLegacyApi {

    @GET
    @Path("/api-create.php")
    @Produces(MediaType.TEXT_PLAIN)
    Uni<RestResponse<String>> create(@QueryParam("url") String url, @QueryParam("alias") String alias);
}
