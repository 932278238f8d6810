package dev.shortener.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.shortener.batch.UtmTags;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.ingest.Ingest;
import dev.shortener.jobs.JobService;
import dev.shortener.jobs.JobState;
import dev.shortener.jobs.JobStatus;
import dev.shortener.qr.QrOptions;
import dev.shortener.qr.QrZip;
import dev.shortener.results.ResultWriter;
import dev.shortener.results.ResultWriters;
import dev.shortener.security.Caller;
import dev.shortener.store.StoreException;
import dev.shortener.webhooks.CallbackGuard;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/** {@code /jobs}: batches accepted at once, stored durably, worked by any replica, read back when done. */
@Path("/jobs")
@Blocking // every operation reads or writes the database with JDBC
public class JobResource {

    static final String NDJSON = "application/x-ndjson";
    private static final MediaType NDJSON_TYPE = MediaType.valueOf(NDJSON);
    private static final Logger LOG = Logger.getLogger(JobResource.class);
    private static final int MAX_LIMIT = 100;

    private final JobService jobs;
    private final ResultWriters writers;
    private final Caller caller;
    private final JobEvents events;
    private final CallbackGuard callbacks;

    JobResource(JobService jobs, ResultWriters writers, Caller caller, JobEvents events, CallbackGuard callbacks) {
        this.callbacks = callbacks;
        this.jobs = jobs;
        this.writers = writers;
        this.caller = caller;
        this.events = events;
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the content type is checked by ingest, so that a wrong one gets a problem body
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("model") String model,
            @QueryParam("provider") String provider,
            @QueryParam("sheet") String sheet,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @QueryParam("callback") String callback, @Context UriInfo uri) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw RequestRejectedException.badRequest("header 'Idempotency-Key' must have 1 to 255 characters");
        }
        JobService.Submitted submitted = jobs.submit(body == null ? InputStream.nullInputStream() : body,
                contentType, sheet, ShortenResource.modelParam(model), Optional.ofNullable(provider),
                UtmTags.of(uri.getQueryParameters()), owner(), Optional.ofNullable(idempotencyKey),
                Optional.ofNullable(callback).map(callbacks::check));
        return Response.accepted(submitted.status())
                .location(URI.create("/jobs/" + submitted.status().id()))
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JobPage list(@QueryParam("state") String state,
            @QueryParam("limit") @DefaultValue("20") int limit,
            @QueryParam("after") String after) {
        Optional<JobState> wanted = Optional.ofNullable(state).map(s -> JobState.parse(s).orElseThrow(
                () -> RequestRejectedException.badRequest("unknown state '" + s + "' in query parameter 'state'; "
                        + "valid: queued, running, succeeded, failed, cancelled")));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw RequestRejectedException.badRequest("query parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        Optional<Long> cursor = Optional.ofNullable(after).map(JobResource::cursor);
        var page = jobs.list(owner(), wanted, limit, cursor);
        return new JobPage(page.jobs(), page.next());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public JobStatus status(@PathParam("id") String id) {
        return jobs.status(id, owner());
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public JobStatus cancel(@PathParam("id") String id) {
        return jobs.cancel(id, owner());
    }

    @POST
    @Path("{id}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retry(@PathParam("id") String id) {
        return Response.accepted(jobs.retry(id, owner())).build();
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@PathParam("id") String id,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        String owner = owner();
        JobStatus first = jobs.status(id, owner);
        return events.stream(first, () -> jobs.status(id, owner), lastEventId, sse, Duration.ofMillis(500));
    }

    @GET
    @Path("{id}/result")
    @Produces({ "text/csv", NDJSON, Ingest.XLSX })
    public Response result(@PathParam("id") String id,
            @QueryParam("partial") @DefaultValue("false") boolean partial,
            @Context HttpHeaders headers) {
        JobService.ResultSource source = jobs.resultSource(id, owner(), partial);
        MediaType type = Negotiation.choose(headers.getAcceptableMediaTypes(), switch (source.format()) {
            case JSON -> NDJSON_TYPE;
            case XLSX -> Negotiation.XLSX;
            default -> ShortenResource.TEXT_CSV;
        }, List.of(ShortenResource.TEXT_CSV, NDJSON_TYPE, Negotiation.XLSX));
        StreamingOutput body = out -> {
            try (OutputStream buffered = new CoalescingOutputStream(out);
                    ResultWriter writer = type.equals(NDJSON_TYPE) ? writers.ndjson(buffered)
                            : type.equals(Negotiation.XLSX)
                                    ? writers.xlsx(buffered, source.columns(), source.optional())
                                    : writers.csv(buffered, source.columns(), source.optional())) {
                jobs.writeResult(source, writer);
            }
        };
        String extension = type.equals(NDJSON_TYPE) ? ".ndjson" : type.equals(Negotiation.XLSX) ? ".xlsx" : ".csv";
        return Response.ok(body, type.equals(ShortenResource.TEXT_CSV) ? type.withCharset("UTF-8") : type)
                .header("Content-Disposition", "attachment; filename=\"job-" + id + extension + "\"")
                .build();
    }

    @GET
    @Path("{id}/qr.zip")
    @Produces("application/zip")
    public Response qrCodes(@PathParam("id") String id, @QueryParam("format") String format,
            @QueryParam("size") String size) {
        QrOptions options = QrOptions.parse(format, size);
        JobService.ResultSource source = jobs.finishedSource(id, owner());
        // Two passes over the rows with a cursor each (index.csv first, then the codes): streamed, nothing held.
        StreamingOutput body = out -> {
            try (OutputStream buffered = new CoalescingOutputStream(out); QrZip zip = new QrZip(buffered, options)) {
                try (ResultWriter index = zip.index()) {
                    jobs.writeResult(source, index);
                }
                try (ResultWriter codes = zip.codes()) {
                    jobs.writeResult(source, codes);
                }
            }
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"job-" + id + "-qr.zip\"")
                .build();
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreException e) {
        LOG.error("job store failure", e);
        return ProblemMappers.problem(Problem.of(503, "Service Unavailable",
                "the job store is unavailable; retry later"));
    }

    /** Jobs belong to the API key that created them ({@code anonymous} when the service runs without keys). */
    private String owner() {
        return caller.name();
    }

    private static long cursor(String after) {
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw RequestRejectedException.badRequest("query parameter 'after' is not a cursor from a previous page");
        }
    }
}
