package dev.shortener.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;

/**
 * Gives a body over {@code quarkus.http.limits.max-body-size} a problem body too: the HTTP layer refuses it with a bare
 * 413 before any resource runs.
 */
@ApplicationScoped
public class BodyLimitProblem {

    void install(@Observes Router router, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) throws JsonProcessingException {
        String body = json.writeValueAsString(Problem.of(413, "Payload Too Large", "the body is larger than "
                + limit.asLongValue() + " bytes (quarkus.http.limits.max-body-size); split the batch"));
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declared = context.request().getHeader("Content-Length");
            if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit.asLongValue()) {
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(body);
            } else {
                context.next();
            }
        });
    }
}
