package dev.shortener.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchResult;
import dev.shortener.batch.BatchRow;
import dev.shortener.batch.BatchService;
import dev.shortener.batch.CallListener;
import dev.shortener.batch.RowResult;
import dev.shortener.config.Provider;
import dev.shortener.execution.ExecutionModel;
import dev.shortener.links.LinkKey;
import dev.shortener.links.LinkStore;
import dev.shortener.pipeline.Slots;
import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;

/**
 * One claimed chunk, worked once: rows already done are skipped, the rest go through {@link BatchService} (which
 * answers links the store knows without a call) with every call recorded as sent before it leaves and as done after.
 */
final class ChunkRun implements CallListener {

    private final ChunkRepository.Claim claim;
    private final ExecutionModel model;
    private final Provider provider;
    private final RowStateWriter writer;
    private final LinkStore links;
    private final Slots slots;
    private final Map<UpstreamCall, List<Integer>> rowsOfCall = new HashMap<>();
    private final Set<Integer> sentBefore = new HashSet<>();
    private final Set<Integer> answered = ConcurrentHashMap.newKeySet();
    private final List<CompletableFuture<Void>> writes = new ArrayList<>();
    /** True once the replica gives its chunks back (shutdown, past its grace): no call of this chunk may start. */
    private final BooleanSupplier released;

    /** A call not started because its chunk is being given back; the rows stay as they are for the next claim. */
    static final class ReleasedException extends RuntimeException {
        ReleasedException(ChunkRepository.Claim claim) {
            super("chunk " + claim.chunk() + " of job " + claim.jobId() + " is being released");
        }
    }

    ChunkRun(ChunkRepository.Claim claim, ExecutionModel model, Provider provider, RowStateWriter writer,
            LinkStore links, Slots slots, BooleanSupplier released) {
        this.released = released;
        this.slots = slots;
        this.claim = claim;
        this.model = model;
        this.provider = provider;
        this.writer = writer;
        this.links = links;
    }

    /** Works the chunk's open rows; completes once every outcome is committed. */
    Uni<Void> run(List<RowRepository.StoredRow> open, BatchService batches, Executor blocking) {
        List<BatchRow> rows = new ArrayList<>(open.size());
        List<Integer> idx = new ArrayList<>(open.size());
        for (RowRepository.StoredRow row : open) {
            rows.add(row.row());
            idx.add(row.idx());
            if (row.state() == RowState.SENT) {
                sentBefore.add(row.idx());
            }
            if (row.row().url() != null) {
                rowsOfCall.computeIfAbsent(row.row().call(provider), call -> new ArrayList<>()).add(row.idx());
            }
        }
        Batch batch = new Batch(Batch.InputFormat.CSV, List.of(), rows);
        return batches.shorten(batch, model, provider, this, slots)
                .emitOn(blocking)
                .onItem().transformToUni(result -> {
                    recordUncalled(result, idx);
                    return Uni.createFrom().completionStage(allWrites());
                });
    }

    @Override
    public Uni<Void> beforeSend(UpstreamCall call) {
        if (released.getAsBoolean()) {
            // A slot freed by another chunk's cancellation must not start a call that the next replica resends.
            return Uni.createFrom().failure(new ReleasedException(claim));
        }
        List<Integer> idx = rowsOfCall.getOrDefault(call, List.of());
        boolean resent = idx.stream().anyMatch(sentBefore::contains);
        return Uni.createFrom().completionStage(writer.sent(claim.jobId(), claim.chunk(), idx, resent));
    }

    @Override
    public boolean recordsLinks() {
        return true; // in the transaction of the rows' outcome: a row done always has its link stored
    }

    @Override
    public void afterOutcome(UpstreamCall call, CallOutcome outcome) {
        List<Integer> idx = rowsOfCall.getOrDefault(call, List.of());
        List<RowRepository.Done> done = new ArrayList<>(idx.size());
        for (int i : idx) {
            done.add(new RowRepository.Done(claim.jobId(), i, outcome.value(), outcome.error(), outcome.reused(),
                    outcome.retryable()));
            answered.add(i);
        }
        Map<LinkKey, String> created = outcome.ok() && !outcome.reused()
                ? Map.of(links.key(provider, call), outcome.value())
                : Map.of();
        track(writer.done(done, created));
        if (outcome.resent() > 0) {
            track(writer.resent(claim.jobId(), claim.chunk(), outcome.resent()));
        }
    }

    /** Rows that never had a call (invalid URL, unreadable row) get their error from the batch result. */
    private void recordUncalled(BatchResult result, List<Integer> idx) {
        List<RowRepository.Done> done = new ArrayList<>();
        for (int i = 0; i < idx.size(); i++) {
            if (!answered.contains(idx.get(i))) {
                RowResult row = result.results().get(i);
                done.add(new RowRepository.Done(claim.jobId(), idx.get(i), row.shortUrl(), row.error(), false));
            }
        }
        if (!done.isEmpty()) {
            track(writer.done(done, Map.of()));
        }
    }

    private synchronized void track(CompletableFuture<Void> write) {
        writes.add(write);
    }

    private synchronized CompletableFuture<Void> allWrites() {
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }
}
