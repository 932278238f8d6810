package dev.shortener.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.shortener.error.RequestRejectedException;
import dev.shortener.execution.ModelUnavailableException;

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

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
