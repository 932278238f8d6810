package dev.shortener.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchResult;
import dev.shortener.batch.BatchRow;
import dev.shortener.batch.BatchService;
import dev.shortener.batch.CallListener;
import dev.shortener.batch.RowResult;
import dev.shortener.batch.UtmTags;
import dev.shortener.config.ModelName;
import dev.shortener.config.Provider;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.execution.ExecutionModel;
import dev.shortener.ingest.Ingest;
import dev.shortener.ingest.RowSource;
import dev.shortener.results.ResultColumns;
import dev.shortener.results.ResultWriter;
import dev.shortener.results.ResultWriters;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** {@code POST /shorten}: a batch of long URLs in, the same batch with short URLs out. */
@Path("/shorten")
public class ShortenResource {

    static final MediaType TEXT_CSV = MediaType.valueOf("text/csv");
    static final String MODEL_HEADER = "X-Shortener-Model";
    static final String FAILED_HEADER = "X-Shortener-Failed";
    static final String PROVIDER_HEADER = "X-Shortener-Provider";

    private final BatchService batches;
    private final Ingest ingest;
    private final ResultWriters writers;
    private final Admission admission;

    ShortenResource(BatchService batches, Ingest ingest, ResultWriters writers, Admission admission) {
        this.batches = batches;
        this.ingest = ingest;
        this.writers = writers;
        this.admission = admission;
    }

    @POST
    @Blocking // parsing a large body is CPU work that must not hold an event-loop thread
    @Consumes(MediaType.WILDCARD) // the content type is checked below, so that a wrong one gets a problem body
    public Uni<Response> shorten(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("model") String model,
            @QueryParam("provider") String provider,
            @QueryParam("sheet") String sheet,
            @Context HttpHeaders headers, @Context UriInfo uri) {
        UtmTags utm = UtmTags.of(uri.getQueryParameters());
        Batch.InputFormat format = Ingest.inputFormat(contentType);
        ExecutionModel executionModel = batches.model(modelParam(model));
        Provider chosenProvider = batches.provider(Optional.ofNullable(provider), executionModel);
        MediaType responseType = Negotiation.responseType(headers.getAcceptableMediaTypes(), switch (format) {
            case JSON -> MediaType.APPLICATION_JSON_TYPE;
            case XLSX -> Negotiation.XLSX;
            default -> TEXT_CSV;
        });
        Optional<Admission.Slot> slot = admission.tryAdmit();
        if (slot.isEmpty()) {
            return Uni.createFrom().item(admission.busy());
        }
        try {
            Read read = read(body, contentType, sheet, utm);
            return batches.shorten(read.batch(), executionModel, chosenProvider, CallListener.NONE)
                    .onTermination().invoke(slot.get()::release)
                    .onItem().transform(result -> respond(result, responseType, chosenProvider, read.optional()));
        } catch (RuntimeException refused) {
            slot.get().release();
            throw refused;
        }
    }

    /** A read batch and the optional columns of its answer. */
    private record Read(Batch batch, ResultColumns optional) {
    }

    /**
     * The whole batch, each row tagged with {@code utm}: /shorten holds its rows until it answers, which the admission
     * slots bound.
     */
    private Read read(InputStream body, String contentType, String sheet, UtmTags utm) {
        try (RowSource rows = ingest.open(body == null ? InputStream.nullInputStream() : body, contentType, sheet,
                admission.maxRows())) {
            List<BatchRow> read = new ArrayList<>();
            rows.forEachRemaining(row -> read.add(utm.tag(row)));
            return new Read(new Batch(rows.format(), rows.columns(), read),
                    new ResultColumns(utm.given(), rows.linkFields()));
        }
    }

    private Response respond(BatchResult result, MediaType type, Provider provider, ResultColumns optional) {
        Response.ResponseBuilder response = type.equals(MediaType.APPLICATION_JSON_TYPE)
                ? Response.ok(ShortenResponse.of(result), MediaType.APPLICATION_JSON_TYPE)
                : type.equals(Negotiation.XLSX)
                        ? Response.ok((StreamingOutput) out -> write(writers.xlsx(out, result.batch().columns(),
                                optional), result), Negotiation.XLSX)
                        : Response.ok((StreamingOutput) out -> write(writers.csv(out, result.batch().columns(),
                                optional), result), TEXT_CSV.withCharset("UTF-8"));
        return response.header(MODEL_HEADER, result.model().id())
                .header(FAILED_HEADER, result.failed())
                .header(PROVIDER_HEADER, provider.id())
                .build();
    }

    private static void write(ResultWriter opened, BatchResult result) throws IOException {
        try (ResultWriter writer = opened) {
            for (RowResult row : result.results()) {
                writer.write(row);
            }
        }
    }

    /** The {@code ?model=} of a request to /shorten or /jobs: empty when not given, a 400 when unknown. */
    static Optional<ModelName> modelParam(String model) {
        if (model == null) {
            return Optional.empty();
        }
        return Optional.of(ModelName.parse(model).orElseThrow(() -> RequestRejectedException.badRequest(
                "unknown model '" + model + "' in query parameter 'model'; valid: " + ModelName.valid())));
    }
}
