package dev.shortener.upstream;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** TinyURL API v2; the body is read as text so that error bodies of any shape can be reported. */
@RegisterRestClient(configKey = "tinyurl")
@Path("/")
interface TinyUrlApi {

    @POST
    @Path("/create")
    Uni<RestResponse<String>> create(@HeaderParam("Authorization") String authorization, CreateRequest body);

    /** Body of {@code POST /create}; a null alias is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection // serialised by Jackson in the native image too
    record CreateRequest(String url, String domain, String alias) {
    }

}
