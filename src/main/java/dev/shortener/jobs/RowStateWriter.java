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
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.shortener.links.LinkKey;
import dev.shortener.links.LinkStore;
import dev.shortener.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Writes "sent" and "done" marks of job rows (and new links) durably, grouping whatever is queued at that moment
 * into one transaction: concurrent calls share one commit instead of one each. A future completes once its marks
 * are committed, on the writer's thread: what waits on it moves to a thread of its own (a call to its provider's
 * event loop, in the pipeline), so that this thread goes back to writing at once.
 */
@ApplicationScoped
public class RowStateWriter {

    private static final Logger LOG = Logger.getLogger(RowStateWriter.class);

    private final Database db;
    private final RowRepository rows;
    private final ChunkRepository chunks;
    private final LinkStore links;
    private final Executor callbacks = Infrastructure.getDefaultWorkerPool();
    /**
     * "Sent" marks have a writer of their own: a call holds a slot of its job's limit until its mark commits, so the
     * mark must not wait behind a transaction of outcomes and links (which takes several times longer). The two
     * never touch the same row at once: a row's outcome is only queued after its sent mark committed.
     */
    private final WriteQueue sending;
    private final WriteQueue outcomes;
    private final Counter okRows;
    private final Counter errorRows;

    /** Marks for one call or one group of rows. */
    private record Op(String jobId, int chunk, List<RowRepository.Ref> sent, boolean resent,
            List<RowRepository.Done> done, Map<LinkKey, String> links, CompletableFuture<Void> committed,
            long queuedAt) {
    }

    /** What one transaction of a write queue writes; refused ops (rows no longer open) are added to the list. */
    private interface Writes {
        void write(Connection c, List<Op> batch, List<Op> refused) throws SQLException;
    }

    RowStateWriter(Database db, RowRepository rows, ChunkRepository chunks, LinkStore links,
            MeterRegistry registry) {
        this.db = db;
        this.rows = rows;
        this.chunks = chunks;
        this.links = links;
        this.sending = new WriteQueue("sent", this::writeSent, registry);
        this.outcomes = new WriteQueue("done", this::writeDone, registry);
        this.okRows = rowCounter(registry, "ok");
        this.errorRows = rowCounter(registry, "error");
    }

    private static Counter rowCounter(MeterRegistry registry, String status) {
        return Counter.builder("shortener.jobs.rows").tag("status", status)
                .description("Job rows that ended, by outcome (reused links count as ok)").register(registry);
    }

    /**
     * Records that the call of rows {@code idx} of a chunk is about to be sent ({@code resent}: it was sent before a
     * crash). Fails with {@link JobCancelledException} when none of the rows is still open (the job was cancelled).
     */
    CompletableFuture<Void> sent(String jobId, int chunk, List<Integer> idx, boolean resent) {
        List<RowRepository.Ref> refs = idx.stream().map(i -> new RowRepository.Ref(jobId, i)).toList();
        return sending.enqueue(new Op(jobId, chunk, refs, resent, List.of(), Map.of(), new CompletableFuture<>(),
                System.nanoTime()));
    }

    /** Records final outcomes of rows and the links they created. */
    CompletableFuture<Void> done(List<RowRepository.Done> done, Map<LinkKey, String> created) {
        for (RowRepository.Done row : done) {
            (row.error() == null ? okRows : errorRows).increment();
        }
        return outcomes.enqueue(new Op(null, -1, List.of(), false, done, created, new CompletableFuture<>(),
                System.nanoTime()));
    }

    /**
     * Counts {@code calls} attempts of a chunk's call sent again after one whose outcome was unknown (a timeout or a
     * reset while the provider went away): as resent, and as calls made. Rare, so one transaction each.
     */
    CompletableFuture<Void> resent(String jobId, int chunk, int calls) {
        List<ChunkRepository.Calls> counts = List.of(new ChunkRepository.Calls(new ChunkKey(jobId, chunk), calls, calls));
        return CompletableFuture.runAsync(() -> db.inRetryableTransaction(c -> {
            chunks.addCalls(c, counts);
            return null;
        }), callbacks);
    }

    private void writeDone(Connection c, List<Op> batch, List<Op> refused) throws SQLException {
        List<RowRepository.Done> done = new ArrayList<>();
        Map<LinkKey, String> created = new HashMap<>();
        for (Op op : batch) {
            done.addAll(op.done());
            created.putAll(op.links());
        }
        // Rows in index order, as every other writer locks them: fewer deadlocks to retry.
        done.sort(Comparator.comparing(RowRepository.Done::jobId).thenComparingInt(RowRepository.Done::idx));
        rows.markDone(c, done);
        links.save(c, created);
    }

    private void writeSent(Connection c, List<Op> batch, List<Op> refused) throws SQLException {
        List<Op> sending = new ArrayList<>(batch);
        sending.sort(Comparator.comparing(Op::jobId).thenComparingInt(op -> op.sent().get(0).idx()));
        // One statement for every row of every call: one round trip, whatever the number of calls.
        List<RowRepository.Ref> refs = new ArrayList<>();
        sending.forEach(op -> refs.addAll(op.sent()));
        int[] marked = rows.markSent(c, refs);
        // Per chunk, in lock order: {resent, calls started}.
        Map<ChunkKey, int[]> calls = new TreeMap<>(ChunkKey.LOCK_ORDER);
        int at = 0;
        for (Op op : sending) {
            int opMarked = 0;
            for (int i = 0; i < op.sent().size(); i++) {
                opMarked += Math.max(marked[at++], 0);
            }
            if (opMarked == 0) {
                refused.add(op);
            } else {
                int[] counts = calls.computeIfAbsent(new ChunkKey(op.jobId(), op.chunk()), k -> new int[2]);
                counts[0] += op.resent() ? 1 : 0;
                counts[1]++;
            }
        }
        List<ChunkRepository.Calls> counts = new ArrayList<>(calls.size());
        calls.forEach((chunk, n) -> counts.add(new ChunkRepository.Calls(chunk, n[0], n[1])));
        chunks.addCalls(c, counts);
    }

    @PreDestroy
    void stop() {
        sending.thread.interrupt();
        outcomes.thread.interrupt();
    }

    /** A queue and the thread that writes it, one transaction for whatever is queued. */
    private final class WriteQueue {

        private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
        private final Writes writes;
        private final Thread thread;
        /** Time from an op being queued to its commit (a sent mark's is time the call holds its slot unsent). */
        private final Timer waited;
        private final Timer took;

        WriteQueue(String name, Writes writes, MeterRegistry registry) {
            this.writes = writes;
            this.waited = Timer.builder("shortener.jobs.marks.wait").tag("marks", name)
                    .description("Time from row marks being queued to their commit").register(registry);
            this.took = Timer.builder("shortener.jobs.marks.writes").tag("marks", name)
                    .description("Time of one transaction of row marks").register(registry);
            this.thread = Thread.ofPlatform().name("job-row-" + name + "-writer").daemon().start(this::loop);
        }

        CompletableFuture<Void> enqueue(Op op) {
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
            long start = System.nanoTime();
            List<Op> refused = new ArrayList<>();
            try {
                db.inRetryableTransaction(c -> {
                    refused.clear();
                    writes.write(c, batch, refused);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warnf("could not record %d row marks: %s", batch.size(), e.getMessage());
                batch.forEach(op -> op.committed().completeExceptionally(e));
                return;
            }
            long committed = System.nanoTime();
            took.record(committed - start, TimeUnit.NANOSECONDS);
            batch.forEach(op -> waited.record(committed - op.queuedAt(), TimeUnit.NANOSECONDS));
            // By identity: an op is a record, and comparing its lists would cost more than the lookup needs.
            Set<Op> refusedOps = Collections.newSetFromMap(new IdentityHashMap<>());
            refusedOps.addAll(refused);
            for (Op op : batch) {
                if (refusedOps.contains(op)) {
                    op.committed().completeExceptionally(new JobCancelledException(op.jobId()));
                } else {
                    op.committed().complete(null);
                }
            }
        }
    }
}
