package dev.shortener.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.shortener.error.RequestRejectedException;
import dev.shortener.execution.ModelUnavailableException;
import dev.shortener.security.ApiKeyMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Maps every failure to an {@code application/problem+json} answer; a client never sees a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response rejected(RequestRejectedException e) {
        return problem(Problem.of(e.status(), e.title(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unavailable(ModelUnavailableException e) {
        LOG.error(e.getMessage());
        return problem(Problem.of(503, "Service Unavailable", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized("this endpoint needs an API key: send 'Authorization: Bearer <key>'", ApiKeyMechanism.CHALLENGE);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        // The message is ours (never the presented key); RFC 6750 names the error in the challenge.
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "unknown API key" : e.getMessage();
        return unauthorized(detail + "; send 'Authorization: Bearer <key>' with a configured key",
                ApiKeyMechanism.CHALLENGE + ", error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(Problem.of(403, "Forbidden", "this API key may not do this: it needs the admin role "
                + "(an entry name:sha256:admin in shortener.auth.api-keys)"));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri, Request request) {
        return problem(Problem.of(404, "Not Found", "no resource at " + request.getMethod() + " /" + uri.getPath()
                .replaceFirst("^/", "") + "; the API is POST /shorten, POST /benchmark, GET /benchmark/latest (see "
                + "/q/openapi)"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.error("request failed", e);
        }
        return problem(Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        // The cause goes to the log, not to the client: it is our bug, not theirs.
        LOG.error("unexpected failure", e);
        return problem(Problem.of(500, "Internal Server Error",
                "the service failed unexpectedly; the error is logged. Please retry or report it."));
    }

    private static Response unauthorized(String detail, String challenge) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", challenge)
                .entity(Problem.of(401, "Unauthorized", detail)).build();
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
