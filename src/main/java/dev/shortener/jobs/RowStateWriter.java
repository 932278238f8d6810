package dev.shortener.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.shortener.links.LinkKey;
import dev.shortener.links.LinkStore;
import dev.shortener.store.Database;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Writes "sent" and "done" marks of job rows (and new links) durably, grouping whatever is queued at that moment
 * into one transaction: concurrent calls share one commit instead of one each. A future completes once its marks
 * are committed.
 */
@ApplicationScoped
public class RowStateWriter {

    private static final Logger LOG = Logger.getLogger(RowStateWriter.class);

    private final Database db;
    private final RowRepository rows;
    private final ChunkRepository chunks;
    private final LinkStore links;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Executor callbacks = Infrastructure.getDefaultWorkerPool();

    /** Marks for one call or one group of rows. */
    private record Op(String jobId, int chunk, List<RowRepository.Ref> sent, boolean resent,
            List<RowRepository.Done> done, Map<LinkKey, String> links, CompletableFuture<Void> committed,
            Executor resumeOn) {
    }

    RowStateWriter(Database db, RowRepository rows, ChunkRepository chunks, LinkStore links) {
        this.db = db;
        this.rows = rows;
        this.chunks = chunks;
        this.links = links;
        this.thread = Thread.ofPlatform().name("job-row-writer").daemon().start(this::loop);
    }

    /**
     * Records that the call of rows {@code idx} of a chunk is about to be sent ({@code resent}: it was sent before a
     * crash); the future completes on {@code resumeOn}. Fails with {@link JobCancelledException} when none of the rows
     * is still open (the job was cancelled).
     */
    CompletableFuture<Void> sent(String jobId, int chunk, List<Integer> idx, boolean resent, Executor resumeOn) {
        List<RowRepository.Ref> refs = idx.stream().map(i -> new RowRepository.Ref(jobId, i)).toList();
        return enqueue(new Op(jobId, chunk, refs, resent, List.of(), Map.of(), new CompletableFuture<>(), resumeOn));
    }

    /** Records final outcomes of rows and the links they created. */
    CompletableFuture<Void> done(List<RowRepository.Done> done, Map<LinkKey, String> created) {
        return enqueue(new Op(null, -1, List.of(), false, done, created, new CompletableFuture<>(), callbacks));
    }

    private CompletableFuture<Void> enqueue(Op op) {
        queue.add(op);
        return op.committed();
    }

    private void loop() {
        List<Op> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, 5000);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Op> batch) {
        List<Op> refused = new ArrayList<>();
        try {
            db.inRetryableTransaction(c -> {
                refused.clear();
                writeAll(c, batch, refused);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not record %d row marks: %s", batch.size(), e.getMessage());
            batch.forEach(op -> op.committed().completeExceptionally(e));
            return;
        }
        // What waits on a commit (the calls of the rows just marked sent, above all) runs elsewhere: this thread goes
        // back to writing marks at once, and each executor (a provider's event loop) gets one task for all its ops.
        Map<Executor, List<Op>> byExecutor = new IdentityHashMap<>();
        for (Op op : batch) {
            byExecutor.computeIfAbsent(op.resumeOn(), e -> new ArrayList<>()).add(op);
        }
        // By identity: an op is a record, and comparing its lists would cost more than the lookup needs.
        Set<Op> refusedOps = Collections.newSetFromMap(new IdentityHashMap<>());
        refusedOps.addAll(refused);
        byExecutor.forEach((executor, ops) -> executor.execute(() -> {
            for (Op op : ops) {
                if (refusedOps.contains(op)) {
                    op.committed().completeExceptionally(new JobCancelledException(op.jobId()));
                } else {
                    op.committed().complete(null);
                }
            }
        }));
    }

    private void writeAll(Connection c, List<Op> batch, List<Op> refused) throws SQLException {
        List<RowRepository.Done> done = new ArrayList<>();
        Map<LinkKey, String> created = new HashMap<>();
        for (Op op : batch) {
            done.addAll(op.done());
            created.putAll(op.links());
        }
        // Rows in index order, then chunks, as every other writer locks them: fewer deadlocks to retry.
        done.sort(Comparator.comparing(RowRepository.Done::jobId).thenComparingInt(RowRepository.Done::idx));
        // Outcomes first: a row that is done must never be marked sent again by the same commit.
        rows.markDone(c, done);
        links.save(c, created);
        Map<String, int[]> calls = new TreeMap<>();
        List<Op> sending = new ArrayList<>(batch.stream().filter(op -> !op.sent().isEmpty()).toList());
        sending.sort(Comparator.comparing(Op::jobId).thenComparingInt(op -> op.sent().get(0).idx()));
        // One JDBC batch for every row of every call: one round trip, whatever the number of calls.
        List<RowRepository.Ref> refs = new ArrayList<>();
        sending.forEach(op -> refs.addAll(op.sent()));
        int[] marked = rows.markSent(c, refs);
        int at = 0;
        for (Op op : sending) {
            int opMarked = 0;
            for (int i = 0; i < op.sent().size(); i++) {
                opMarked += Math.max(marked[at++], 0);
            }
            if (opMarked == 0) {
                refused.add(op);
            } else {
                int[] counts = calls.computeIfAbsent(op.jobId() + "/" + op.chunk(), k -> new int[2]);
                counts[0] += op.resent() ? 1 : 0;
                counts[1]++;
            }
        }
        for (Map.Entry<String, int[]> chunk : calls.entrySet()) {
            int slash = chunk.getKey().lastIndexOf('/');
            chunks.addCalls(c, chunk.getKey().substring(0, slash), Integer.parseInt(chunk.getKey().substring(slash + 1)),
                    chunk.getValue()[0], chunk.getValue()[1]);
        }
    }

    @PreDestroy
    void stop() {
        thread.interrupt();
    }
}
