package dev.shortener.security;

import java.util.function.BiConsumer;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.shortener.api.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Applies the per-key request rate to every API request made with a key: over it, a 429 problem with
 * {@code Retry-After}; every limited answer carries {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} (IETF httpapi-ratelimit-headers draft).
 */
public class RateLimitFilter {

    private static final String DECISION = RateLimitFilter.class.getName();

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identities;

    RateLimitFilter(ApiKeys keys, RateLimiter limiter, CurrentIdentityAssociation identities) {
        this.keys = keys;
        this.limiter = limiter;
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!keys.required()) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                // A bad key is answered by the permission check (401), not here.
                .onFailure().recoverWithNull()
                .onItem().transform(identity -> check(identity, request));
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision decision) {
            headers(decision, response.getHeaders()::putSingle);
        }
    }

    private Response check(SecurityIdentity identity, ContainerRequestContext request) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        RateLimiter.Decision decision = limiter.take(identity.getPrincipal().getName()).orElse(null);
        if (decision == null) {
            return null;
        }
        if (decision.allowed()) {
            request.setProperty(DECISION, decision);
            return null;
        }
        Response.ResponseBuilder tooMany = Response.status(429).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(429, "Too Many Requests", "API key '" + identity.getPrincipal().getName()
                        + "' made more than " + decision.limit() + " requests in shortener.auth.rate-period; retry in "
                        + decision.retryAfterSeconds() + " s"))
                .header("Retry-After", decision.retryAfterSeconds());
        headers(decision, tooMany::header);
        return tooMany.build();
    }

    private static void headers(RateLimiter.Decision decision, BiConsumer<String, Object> put) {
        put.accept("RateLimit-Limit", decision.limit());
        put.accept("RateLimit-Remaining", decision.remaining());
        put.accept("RateLimit-Reset", decision.resetSeconds());
    }
}
