package dev.shortener.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ModelName;
import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.execution.ExecutionModel;
import dev.shortener.execution.ExecutionModels;
import dev.shortener.execution.OutcomeSink;
import dev.shortener.links.LinkStore;
import dev.shortener.pipeline.Pipeline;
import dev.shortener.pipeline.Slots;
import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.ProviderRegistry;
import dev.shortener.upstream.Providers;
import dev.shortener.upstream.UpstreamCall;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Turns a parsed batch into results: validates rows, answers each distinct call (tagged URL, alias, link fields) from
 * the link store when it knows the link ({@code shortener.links.reuse}) or sends it upstream once through the
 * {@link Pipeline} with the chosen execution model, and maps the outcomes back onto every row in input order, with a
 * warning on rows whose provider left some of their link fields out.
 */
@ApplicationScoped
public class BatchService {

    /** Calls looked up in the link store at once (a job's chunk is one piece). */
    private static final int LOOKUP_PIECE = 1000;

    private final ExecutionModels models;
    private final Pipeline pipeline;
    private final UrlValidator validator;
    private final ShortenerConfig config;
    private final MeterRegistry registry;
    private final ProviderRegistry providers;
    private final LinkStore links;
    private final Executor blocking;

    BatchService(ExecutionModels models, Pipeline pipeline, UrlValidator validator, ShortenerConfig config,
            MeterRegistry registry, ProviderRegistry providers, LinkStore links) {
        this.providers = providers;
        this.links = links;
        // The link store is read with JDBC: never on an event loop.
        this.blocking = Infrastructure.getDefaultWorkerPool();
        this.models = models;
        this.pipeline = pipeline;
        this.validator = validator;
        this.config = config;
        this.registry = registry;
    }

    /** Resolves the model to use: the request's choice, else the configured default. */
    public ExecutionModel model(Optional<ModelName> requested) {
        ModelName name = requested.orElse(config.model());
        return models.resolve(name).orElseThrow(() -> RequestRejectedException.badRequest(
                "model '" + name.id() + "' is not available in this service; available: " + models.available()));
    }

    /**
     * Resolves the provider to use with {@code model}: the request's choice ({@code ?provider=}), else
     * {@code shortener.provider}. A 400 problem names an unknown id, what to configure for one that is not set up,
     * or a combination the model cannot run (the worker processes make one call per row: no tinyurl-bulk).
     */
    public Provider provider(Optional<String> requested, ExecutionModel model) {
        Provider provider = providers.resolve(requested);
        if (model.name() == ModelName.PROCESSES && !Providers.perCall(provider)) {
            throw RequestRejectedException.badRequest("provider " + provider.id() + " sends rows in chunks, which "
                    + "the processes model does not support; use model async, threads, virtual-threads or sync");
        }
        return provider;
    }

    /** Shortens every row of {@code batch} with {@code model} and the default provider. */
    public Uni<BatchResult> shorten(Batch batch, ExecutionModel model) {
        return shorten(batch, model, CallListener.NONE);
    }

    /**
     * Shortens every row of {@code batch} with {@code model} and the default provider, telling {@code listener}
     * about each distinct call.
     */
    public Uni<BatchResult> shorten(Batch batch, ExecutionModel model, CallListener listener) {
        return shorten(batch, model, providers.defaultProvider(), listener);
    }

    /**
     * Shortens every row of {@code batch} with {@code model} and {@code provider} (checked with
     * {@link #provider(Optional, ExecutionModel)}), telling {@code listener} before each distinct call is sent and
     * when its outcome is known. Cancelling the returned Uni stops new calls from starting.
     */
    public Uni<BatchResult> shorten(Batch batch, ExecutionModel model, Provider provider, CallListener listener) {
        return shorten(batch, model, provider, listener, new Slots(model.limit()));
    }

    /**
     * As {@link #shorten(Batch, ExecutionModel, Provider, CallListener)}, with the calls in flight bounded by
     * {@code slots}, which other batches may share (the chunks of one job) instead of the model's limit per batch.
     */
    public Uni<BatchResult> shorten(Batch batch, ExecutionModel model, Provider provider, CallListener listener,
            Slots slots) {
        long start = System.nanoTime();
        List<BatchRow> rows = batch.rows();
        String[] rowErrors = new String[rows.size()];
        int[] callOfRow = new int[rows.size()];
        Map<UpstreamCall, Integer> distinct = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (int i = 0; i < rows.size(); i++) {
            BatchRow row = rows.get(i);
            rowErrors[i] = row.inputError() != null ? row.inputError()
                    : validator.problem(row.target()).orElseGet(() -> row.fields().problem(now));
            callOfRow[i] = -1;
            if (rowErrors[i] == null) {
                // Same URL with the same alias and fields: one upstream call, whatever the number of rows.
                callOfRow[i] = distinct.computeIfAbsent(row.call(provider), call -> distinct.size());
            }
        }
        List<UpstreamCall> calls = new ArrayList<>(distinct.keySet());
        AtomicReferenceArray<CallOutcome> outcomes = new AtomicReferenceArray<>(calls.size());
        boolean reuse = links.reuse() && !calls.isEmpty();
        OutcomeSink record = (index, outcome) -> {
            outcomes.set(index, outcome);
            listener.afterOutcome(calls.get(index), outcome);
        };
        Uni<Integer> sending;
        if (!reuse) {
            sending = send(calls, 0, calls.size(), Map.of(), model, slots, listener, record);
        } else {
            // The store is read a piece at a time, and each piece's calls start as soon as it is read: a large batch
            // does not wait for every lookup before its first call. The pieces share the batch's slots, oldest first.
            // One piece for tinyurl-bulk (it bounds the requests of one run by the model's limit) and for a model that
            // runs one call at a time (nothing to gain from an early start, and `sync` keeps its input order without
            // depending on which piece's fan-out takes a freed slot first).
            int size = !Providers.perCall(provider) || model.limit() == 1 ? calls.size()
                    : LOOKUP_PIECE;
            sending = Multi.createFrom().range(0, (calls.size() + size - 1) / size)
                    .onItem().transformToUniAndConcatenate(piece -> Uni.createFrom().item(() -> {
                        int from = piece * size;
                        int to = Math.min(calls.size(), from + size);
                        return new Looked(from, to, links.known(provider, calls.subList(from, to)));
                    }).runSubscriptionOn(blocking))
                    .onItem().transformToUniAndMerge(looked -> send(calls, looked.from(), looked.to(),
                            looked.stored(), model, slots, listener, record))
                    .collect().with(Collectors.summingInt(Integer::intValue));
        }
        return sending
                .onItem().transform(sent -> {
                    List<RowResult> results = new ArrayList<>(rows.size());
                    for (int i = 0; i < rows.size(); i++) {
                        results.add(withWarning(provider, result(rows.get(i), rowErrors[i], callOfRow[i] < 0 ? null
                                : outcomes.get(callOfRow[i]))));
                    }
                    if (reuse && !listener.recordsLinks()) {
                        links.saveLater(provider, created(calls, outcomes));
                    }
                    long elapsed = (System.nanoTime() - start) / 1_000_000;
                    BatchResult result = new BatchResult(batch, results, model.name(), sent, elapsed);
                    count(result, provider);
                    return result;
                })
                .onCancellation().invoke(() -> registry.counter("shortener.batches.cancelled",
                        "model", model.name().id()).increment());
    }

    /** Calls {@code from..to-1} and the links the store knows of them. */
    private record Looked(int from, int to, Map<UpstreamCall, String> stored) {
    }

    /**
     * Answers calls {@code from..to-1} that {@code stored} knows without a call and sends the others through the
     * pipeline; completes with the number sent.
     */
    private Uni<Integer> send(List<UpstreamCall> calls, int from, int to, Map<UpstreamCall, String> stored,
            ExecutionModel model, Slots slots, CallListener listener, OutcomeSink record) {
        List<Integer> toSend = new ArrayList<>(to - from - stored.size());
        for (int i = from; i < to; i++) {
            String shortUrl = stored.get(calls.get(i));
            if (shortUrl == null) {
                toSend.add(i);
            } else {
                record.accept(i, CallOutcome.reused(shortUrl));
            }
        }
        if (toSend.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<UpstreamCall> sent = toSend.size() == calls.size() ? calls : toSend.stream().map(calls::get).toList();
        return pipeline.run(sent, model, slots, listener == CallListener.NONE ? Pipeline.NOTHING_TO_RECORD
                : listener::beforeSend, (index, outcome) -> record.accept(toSend.get(index), outcome))
                .replaceWith(sent.size());
    }

    /** The links made by this batch's calls (not those answered from the store). */
    private static Map<UpstreamCall, String> created(List<UpstreamCall> calls,
            AtomicReferenceArray<CallOutcome> outcomes) {
        Map<UpstreamCall, String> created = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            CallOutcome outcome = outcomes.get(i);
            if (outcome != null && outcome.ok() && !outcome.reused()) {
                created.put(calls.get(i), outcome.value());
            }
        }
        return created;
    }

    /**
     * {@code result} with the warning of a shortened row whose provider ({@code provider}) does not take some of its
     * link fields; other rows unchanged.
     */
    public RowResult withWarning(Provider provider, RowResult result) {
        return result.ok() && !result.row().fields().isEmpty()
                ? result.withWarning(providers.warning(provider, result.row().fields())) : result;
    }

    private static RowResult result(BatchRow row, String rowError, CallOutcome outcome) {
        if (rowError != null) {
            return new RowResult(row, null, rowError);
        }
        if (outcome == null) {
            // A model that completes without an outcome for a call has a bug; the row still comes back.
            return new RowResult(row, null, "internal error: no outcome for this row");
        }
        return outcome.ok() ? new RowResult(row, outcome.value(), null) : new RowResult(row, null, outcome.error());
    }

    private void count(BatchResult result, Provider chosen) {
        String model = result.model().id();
        String provider = chosen.id();
        registry.counter("shortener.rows", "model", model, "provider", provider, "status", "ok")
                .increment(result.ok());
        registry.counter("shortener.rows", "model", model, "provider", provider, "status", "error")
                .increment(result.failed());
    }
}
