package dev.shortener.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;

/** TinyURL API v2's bulk interface (see {@link TinyUrlBulk}): same client settings as {@code tinyurl}. */
@RegisterRestClient(configKey = "tinyurl")
@Path("/bulk")
interface TinyUrlBulkApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> submit(@HeaderParam("Authorization") String authorization, String json);

    @GET
    @Path("/{id}/status")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> status(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @GET
    @Path("/{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> report(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);
}
