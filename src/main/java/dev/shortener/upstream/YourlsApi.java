package dev.shortener.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** YOURLS {@code POST /yourls-api.php} with a form already encoded by {@link Yourls}. */
@RegisterRestClient(configKey = "yourls")
@Path("/")
interface YourlsApi {

    @POST
    @Path("/yourls-api.php")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> api(String form);
}
