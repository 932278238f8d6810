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
 * One claimed chunk, worked once: rows already done are skipped, rows known to the link store are answered from it,
 * the rest go through {@link BatchService} with every call recorded as sent before it leaves and as done after.
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

    ChunkRun(ChunkRepository.Claim claim, ExecutionModel model, Provider provider, RowStateWriter writer,
            LinkStore links, Slots slots) {
        this.slots = slots;
        this.claim = claim;
        this.model = model;
        this.provider = provider;
        this.writer = writer;
        this.links = links;
    }

    /** Works the chunk's open rows; completes once every outcome is committed. */
    Uni<Void> run(List<RowRepository.StoredRow> open, BatchService batches, Executor blocking) {
        List<RowRepository.StoredRow> toSend = answerFromStore(open);
        List<BatchRow> rows = new ArrayList<>(toSend.size());
        List<Integer> idx = new ArrayList<>(toSend.size());
        for (RowRepository.StoredRow row : toSend) {
            rows.add(row.row());
            idx.add(row.idx());
            if (row.state() == RowRepository.SENT) {
                sentBefore.add(row.idx());
            }
            if (row.row().url() != null) {
                rowsOfCall.computeIfAbsent(UpstreamCall.shorten(row.row().url(), row.row().alias()).via(provider),
                        call -> new ArrayList<>()).add(row.idx());
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
        List<Integer> idx = rowsOfCall.getOrDefault(call, List.of());
        boolean resent = idx.stream().anyMatch(sentBefore::contains);
        return Uni.createFrom().completionStage(writer.sent(claim.jobId(), claim.chunk(), idx, resent));
    }

    @Override
    public void afterOutcome(UpstreamCall call, CallOutcome outcome) {
        List<Integer> idx = rowsOfCall.getOrDefault(call, List.of());
        List<RowRepository.Done> done = new ArrayList<>(idx.size());
        for (int i : idx) {
            done.add(new RowRepository.Done(claim.jobId(), i, outcome.value(), outcome.error(), false));
            answered.add(i);
        }
        Map<LinkKey, String> created = outcome.ok()
                ? Map.of(links.key(provider, call.url(), call.alias()), outcome.value())
                : Map.of();
        track(writer.done(done, created));
    }

    /** Rows whose link is already stored end here, without a call (when reuse is on); the others are returned. */
    private List<RowRepository.StoredRow> answerFromStore(List<RowRepository.StoredRow> open) {
        if (!links.reuse()) {
            return open;
        }
        Map<Integer, LinkKey> keys = new HashMap<>();
        for (RowRepository.StoredRow row : open) {
            if (row.row().url() != null && row.row().inputError() == null) {
                keys.put(row.idx(), links.key(provider, row.row().url(), row.row().alias()));
            }
        }
        Map<LinkKey, String> known = links.lookup(keys.values());
        List<RowRepository.StoredRow> rest = new ArrayList<>();
        List<RowRepository.Done> reused = new ArrayList<>();
        for (RowRepository.StoredRow row : open) {
            String shortUrl = keys.containsKey(row.idx()) ? known.get(keys.get(row.idx())) : null;
            if (shortUrl != null) {
                reused.add(new RowRepository.Done(claim.jobId(), row.idx(), shortUrl, null, true));
            } else {
                rest.add(row);
            }
        }
        if (!reused.isEmpty()) {
            track(writer.done(reused, Map.of()));
        }
        return rest;
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
