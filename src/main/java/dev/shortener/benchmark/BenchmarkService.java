package dev.shortener.benchmark;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.shortener.config.ModelName;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.execution.AutoChoice;
import dev.shortener.execution.ExecutionModel;
import dev.shortener.execution.ExecutionModels;
import dev.shortener.pipeline.Pipeline;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs the httpbin {@code /uuid} comparison through the same execution models that serve {@code /shorten}, one model
 * after the other, one benchmark at a time; keeps the latest result and points {@code auto} at its fastest model.
 */
@ApplicationScoped
public class BenchmarkService {

    /** Most calls per model and round. */
    public static final int MAX_REQUESTS = 100_000;
    /** Most timed rounds per model. */
    public static final int MAX_ROUNDS = 10;
    static final int DEFAULT_REQUESTS = 100;
    static final int DEFAULT_ROUNDS = 3;

    private static final Logger LOG = Logger.getLogger(BenchmarkService.class);

    private final ExecutionModels models;
    private final Pipeline pipeline;
    private final AutoChoice autoChoice;
    private final BenchmarkMetrics metrics;
    private final String endpoint;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<BenchmarkResult> latest = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<BenchmarkResult>> current = new AtomicReference<>();

    BenchmarkService(ExecutionModels models, Pipeline pipeline, AutoChoice autoChoice, BenchmarkMetrics metrics,
            @ConfigProperty(name = "quarkus.rest-client.httpbin.url") String httpbinUrl) {
        this.models = models;
        this.pipeline = pipeline;
        this.autoChoice = autoChoice;
        this.metrics = metrics;
        this.endpoint = httpbinUrl.replaceAll("/+$", "") + "/uuid";
    }

    /** Validates a request against the defaults and the models of this service; a 400 names what is wrong. */
    public BenchmarkPlan plan(BenchmarkRequest request) {
        int requests = within("requests", request.requests(), DEFAULT_REQUESTS, MAX_REQUESTS);
        int rounds = within("rounds", request.rounds(), DEFAULT_ROUNDS, MAX_ROUNDS);
        boolean warmup = request.warmup() == null || request.warmup();
        return new BenchmarkPlan(requests, models(request.models()), rounds, warmup);
    }

    /**
     * Runs {@code plan}, or fails with a 409 when a benchmark is already running. The run does not depend on the
     * caller: a client that gives up does not cancel it, and the next one can read it at {@code /benchmark/latest}.
     */
    public Uni<BenchmarkResult> run(BenchmarkPlan plan) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(new RequestRejectedException(409, "Conflict",
                    "a benchmark is already running; wait for it (GET /benchmark/latest shows the last result)"));
        }
        LOG.infof("benchmark started: %d requests x %d rounds (warmup %s) against %s with %s", plan.requests(),
                plan.rounds(), plan.warmup(), endpoint, plan.models());
        CompletableFuture<BenchmarkResult> done = Multi.createFrom().iterable(plan.models())
                .onItem().transformToUniAndConcatenate(model -> measure(model, plan))
                .collect().asList()
                .onItem().transform(measurements -> result(plan, measurements))
                .invoke(this::publish)
                .onTermination().invoke(() -> running.set(false))
                .subscribeAsCompletionStage();
        current.set(done);
        // A copy, so that cancelling the caller's Uni never cancels the benchmark itself.
        return Uni.createFrom().completionStage(done.copy());
    }

    /**
     * Cancels the running benchmark (DELETE /benchmark): its subscription is cancelled, so no model starts another
     * round; the caller waiting on {@link #run} gets a {@link java.util.concurrent.CancellationException}. False when
     * none runs.
     */
    public boolean cancel() {
        CompletableFuture<BenchmarkResult> run = current.get();
        return running.get() && run != null && run.cancel(false);
    }

    /** True while a benchmark runs. */
    public boolean running() {
        return running.get();
    }

    /** The last completed benchmark, if any. */
    public Optional<BenchmarkResult> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** Every concrete model of this service, in {@link ModelName} order. */
    public List<ModelName> availableModels() {
        return List.copyOf(models.available());
    }

    /** The model {@code auto} runs on now, which the benchmarks choose. */
    public ModelName autoModel() {
        return models.autoModel();
    }

    private Uni<Measurement> measure(ModelName name, BenchmarkPlan plan) {
        ExecutionModel model = models.resolve(name).orElseThrow();
        Measurement measurement = new Measurement(name, model.limit(), plan.rounds());
        List<UpstreamCall> calls = Collections.nCopies(plan.requests(), UpstreamCall.uuid());
        // One wave at the model's limit opens every connection the timed rounds will use and warms the code paths.
        Uni<Void> warmup = plan.warmup()
                ? Uni.createFrom().deferred(() -> pipeline.run(Collections.nCopies(Math.min(plan.requests(),
                        model.limit()), UpstreamCall.uuid()), model, Pipeline.NOTHING_TO_RECORD, (index, outcome) -> {
                        }))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                : Uni.createFrom().voidItem();
        return warmup
                .onItem().transformToMulti(ignored -> Multi.createFrom().range(0, plan.rounds()))
                .onItem().transformToUniAndConcatenate(round -> timed(model, calls, measurement))
                .collect().last()
                .replaceWith(measurement);
    }

    /**
     * One timed run, started from a worker thread as {@code /shorten} starts its batches ({@code @Blocking}). Started
     * from an event loop instead, the async model would open every connection on that one event loop (Vert.x binds a
     * connection to the caller's context) and measure one core rather than the model. The process CPU time is read
     * around the run: it is process-wide, so anything else the service does meanwhile counts too.
     */
    private Uni<Void> timed(ExecutionModel model, List<UpstreamCall> calls, Measurement measurement) {
        return Uni.createFrom().deferred(() -> {
            long cpuStart = CpuTime.processNanos();
            long start = System.nanoTime();
            return pipeline.run(calls, model, Pipeline.NOTHING_TO_RECORD, measurement.sink())
                    .invoke(() -> measurement.addRound(System.nanoTime() - start, CpuTime.processNanos() - cpuStart,
                            calls.size()));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private BenchmarkResult result(BenchmarkPlan plan, List<Measurement> measurements) {
        Measurement floorSource = measurements.stream()
                .filter(m -> m.latencies().count() > 0)
                .min(Comparator.comparingDouble(m -> m.latencies().percentileMillis(50)))
                .orElse(null);
        Double floorLatency = floorSource == null ? null : floorSource.latencies().percentileMillis(50);
        List<BenchmarkResult.ModelResult> results = measurements.stream()
                .map(m -> m.result(plan.requests(), floorLatency))
                .toList();
        List<BenchmarkResult.ModelResult> ranked = Ranking.byWallTime(results);
        return new BenchmarkResult(endpoint, plan.requests(), plan.rounds(), plan.warmup(), Instant.now(),
                new BenchmarkResult.Floor(floorLatency, floorSource == null ? null : floorSource.model().id()),
                results, Ranking.fastest(ranked), ranked.stream().map(BenchmarkResult.ModelResult::model).toList(),
                Ranking.cheapest(results));
    }

    private void publish(BenchmarkResult result) {
        latest.set(result);
        metrics.publish(result);
        LOG.infof("benchmark finished: %s", result.results().stream()
                .map(r -> r.model() + " " + Math.round(r.wallMillis()) + " ms, " + r.cpuMicrosPerCall()
                        + " us CPU/call (" + r.errors() + " errors)")
                .collect(Collectors.joining(", ")));
        if (result.fastest() != null) {
            ModelName fastest = ModelName.parse(result.fastest()).orElseThrow();
            if (fastest != autoChoice.current()) {
                LOG.infof("model auto now runs on %s (was %s)", fastest, autoChoice.current());
            }
            autoChoice.use(fastest);
        } else {
            LOG.warnf("benchmark: every model had errors; auto stays on %s", autoChoice.current());
        }
    }

    private static int within(String parameter, Integer value, int defaultValue, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (value < 1 || value > max) {
            throw RequestRejectedException.badRequest(
                    parameter + " must be between 1 and " + max + ", got " + value);
        }
        return value;
    }

    private List<ModelName> models(List<String> requested) {
        List<ModelName> available = availableModels();
        String valid = available.stream().map(ModelName::id).collect(Collectors.joining(", "));
        Set<ModelName> chosen = new LinkedHashSet<>();
        for (String name : requested == null ? List.<String> of() : requested) {
            if (name == null || name.isBlank()) {
                continue;
            }
            ModelName model = ModelName.parse(name).orElseThrow(() -> RequestRejectedException.badRequest(
                    "unknown model '" + name.trim() + "' in models; valid: " + valid));
            if (model == ModelName.AUTO) {
                throw RequestRejectedException.badRequest("auto is not a benchmark model: it runs on the fastest "
                        + "model of the latest benchmark; valid: " + valid);
            }
            if (!available.contains(model)) {
                throw RequestRejectedException.badRequest(
                        "model '" + model.id() + "' is not available in this service; valid: " + valid);
            }
            chosen.add(model);
        }
        return chosen.isEmpty() ? available : List.copyOf(chosen);
    }
}
