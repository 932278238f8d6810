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
    public Uni<BenchmarkResult> run(String body,
            @QueryParam("requests") String requests,
            @QueryParam("models") List<String> models,
            @QueryParam("rounds") String rounds,
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
    public Response cancel() {
        if (!benchmarks.cancel()) {
            throw new RequestRejectedException(404, "Not Found", "no benchmark is running");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/latest")
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
