package dev.shortener.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.shortener.error.RequestRejectedException;
import dev.shortener.benchmark.BenchmarkPlan;
import dev.shortener.benchmark.BenchmarkRequest;
import dev.shortener.benchmark.BenchmarkResult;
import dev.shortener.benchmark.BenchmarkService;
import dev.shortener.config.ShortenerConfig;
import io.smallrye.mutiny.Uni;

/** {@code POST /benchmark} compares the execution models against the httpbin-style {@code /uuid} endpoint. */
@Path("/benchmark")
@Produces(MediaType.APPLICATION_JSON)
public class BenchmarkResource {

    static final String RESULT_EXAMPLE = """
            {"endpoint": "http://127.0.0.1:8089/uuid", "requests": 1000, "rounds": 3, "warmup": true,
             "finishedAt": "2026-11-26T15:40:12.345Z",
             "floor": {"latencyMillis": 100.9, "measuredBy": "threads"},
             "results": [
              {"model": "threads", "limit": 10, "wallMillis": 10180.2, "medianWallMillis": 10195.7,
               "roundWallMillis": [10195.7, 10180.2, 10210.4], "requestsPerSecond": 98.2,
               "p50": 100.93, "p95": 102.14, "p99": 103.87, "max": 112.06, "errors": 0,
               "floorMillis": 10090.0, "floorRatio": 1.009},
              {"model": "async", "limit": 1000, "wallMillis": 131.5, "medianWallMillis": 140.2,
               "roundWallMillis": [140.2, 131.5, 152.9], "requestsPerSecond": 7604.6,
               "p50": 108.42, "p95": 119.3, "p99": 121.66, "max": 124.1, "errors": 0,
               "floorMillis": 100.9, "floorRatio": 1.303}],
             "fastest": "async", "ranking": ["async", "threads"]}
            """;
    static final String PROBLEM_400 = """
            {"type": "about:blank", "title": "Bad Request", "status": 400,
             "detail": "unknown model 'green-threads' in models; valid: sync, threads, async, virtual-threads"}
            """;
    static final String PROBLEM_409 = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "a benchmark is already running; wait for it (GET /benchmark/latest shows the last result)"}
            """;

    private final BenchmarkService benchmarks;
    private final ObjectReader requestReader;
    private final long maxCalls;

    BenchmarkResource(BenchmarkService benchmarks, ObjectMapper json, ShortenerConfig config) {
        this.benchmarks = benchmarks;
        this.maxCalls = config.benchmark().maxCalls();
        this.requestReader = json.readerFor(BenchmarkRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    @POST
    @Consumes(MediaType.WILDCARD) // the body is optional; when present it is read as JSON below
    @Operation(summary = "Compare the execution models against GET {httpbin}/uuid",
            description = "Calls the httpbin-style uuid endpoint `requests` times with each model, through the same "
                    + "execution models that serve /shorten and with their configured limits; answers when every "
                    + "model has run. Only one benchmark runs at a time. The fastest error-free model becomes the "
                    + "model that `auto` runs on.")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BenchmarkRequest.class),
            examples = @ExampleObject(name = "three models", value = """
                    {"requests": 1000, "models": ["threads", "async", "virtual-threads"], "rounds": 3, "warmup": true}
                    """)))
    @APIResponse(responseCode = "200", description = "Figures per model, the fastest and the ranking",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BenchmarkResult.class),
                    examples = @ExampleObject(name = "threads vs async", value = RESULT_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A parameter is out of range, names an unknown model, or the run "
            + "would make more than shortener.benchmark.max-calls calls (requests x rounds x models)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unknown model", value = PROBLEM_400)))
    @APIResponse(responseCode = "401", description = "API keys are configured and none (or an unknown one) was sent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The API key lacks the admin role",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A benchmark is already running, or this one was cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "busy", value = PROBLEM_409)))
    public Uni<BenchmarkResult> run(String body,
            @Parameter(description = "Calls per model and round (1-100000, default 100)")
            @QueryParam("requests") String requests,
            @Parameter(description = "Models to compare, repeated or comma-separated (default: all)")
            @QueryParam("models") List<String> models,
            @Parameter(description = "Timed rounds per model (1-10, default 3)")
            @QueryParam("rounds") String rounds,
            @Parameter(description = "One untimed round per model first (default true)")
            @QueryParam("warmup") String warmup) {
        BenchmarkRequest fromBody = body == null || body.isBlank() ? BenchmarkRequest.defaults() : parse(body);
        BenchmarkRequest request = new BenchmarkRequest(
                requests != null ? integer("requests", requests) : fromBody.requests(),
                models != null && !models.isEmpty() ? split(models) : split(fromBody.models()),
                rounds != null ? integer("rounds", rounds) : fromBody.rounds(),
                warmup != null ? bool("warmup", warmup) : fromBody.warmup());
        BenchmarkPlan plan = benchmarks.plan(request);
        long calls = (long) plan.requests() * plan.rounds() * plan.models().size();
        if (calls > maxCalls) {
            throw RequestRejectedException.badRequest("this run would make " + calls + " calls (requests "
                    + plan.requests() + " x rounds " + plan.rounds() + " x models " + plan.models().size()
                    + "), more than shortener.benchmark.max-calls (" + maxCalls + "); ask for fewer");
        }
        return benchmarks.run(plan)
                .onFailure(BenchmarkResource::cancelled).transform(e -> new RequestRejectedException(409, "Conflict",
                        "the benchmark was cancelled (DELETE /benchmark) before it finished"));
    }

    @DELETE
    @Operation(summary = "Cancel the running benchmark",
            description = "No model starts another round; calls in flight finish. The caller of POST /benchmark gets "
                    + "a 409 problem, and /benchmark/latest keeps the previous result.")
    @APIResponse(responseCode = "204", description = "The running benchmark was cancelled")
    @APIResponse(responseCode = "404", description = "No benchmark is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel() {
        if (!benchmarks.cancel()) {
            throw new RequestRejectedException(404, "Not Found", "no benchmark is running");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/latest")
    @Operation(summary = "The last completed benchmark")
    @APIResponse(responseCode = "200", description = "The last result, as POST /benchmark answered it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BenchmarkResult.class),
                    examples = @ExampleObject(name = "threads vs async", value = RESULT_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No benchmark has completed since the service started",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public BenchmarkResult latest() {
        return benchmarks.latest().orElseThrow(() -> new RequestRejectedException(404, "Not Found",
                "no benchmark has completed since the service started; POST /benchmark runs one"));
    }

    private static boolean cancelled(Throwable failure) {
        return failure instanceof CancellationException
                || failure instanceof CompletionException && failure.getCause() instanceof CancellationException;
    }

    private BenchmarkRequest parse(String body) {
        try {
            return requestReader.readValue(body);
        } catch (JsonProcessingException e) {
            throw RequestRejectedException.badRequest("the body must be a JSON object with optional "
                    + "requests, models, rounds and warmup: " + e.getOriginalMessage());
        }
    }

    private static List<String> split(List<String> values) {
        if (values == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                for (String name : value.split(",")) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    private static Integer integer(String parameter, String value) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw RequestRejectedException.badRequest(
                    parameter + " must be a whole number, got '" + value + "'");
        }
    }

    private static Boolean bool(String parameter, String value) {
        return switch (value.trim().toLowerCase()) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw RequestRejectedException.badRequest(
                    parameter + " must be true or false, got '" + value + "'");
        };
    }
}
