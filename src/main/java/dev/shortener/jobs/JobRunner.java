package dev.shortener.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.shortener.batch.BatchService;
import dev.shortener.config.ModelName;
import dev.shortener.config.Provider;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.error.RequestRejectedException;
import dev.shortener.execution.ExecutionModel;
import dev.shortener.links.LinkStore;
import dev.shortener.pipeline.Slots;
import dev.shortener.store.Database;
import dev.shortener.upstream.UpstreamClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Claims chunks of any replica's jobs while this replica has room, keeps their leases, stops a chunk when its job is
 * cancelled or its lease lost, and on shutdown stops claiming, lets running chunks finish and releases the rest.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final int CANDIDATES = 20;
    /** How often the counts of running chunks are refreshed: the pace of the progress events. */
    private static final long PROGRESS_MILLIS = 500;

    private final Database db;
    private final JobRepository jobs;
    private final ChunkRepository chunks;
    private final RowRepository rows;
    private final RowStateWriter writer;
    private final LinkStore links;
    private final BatchService batches;
    private final UpstreamClient upstream;
    private final ShortenerConfig.Jobs config;
    private final String replica = UUID.randomUUID().toString();
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /**
     * Per job running here: its model's limit, shared by its chunks, so that the next chunk fills the slots the
     * ending one frees (no pause at chunk ends). Touched on the scheduler thread only.
     */
    private final Map<String, Slots> slots = new ConcurrentHashMap<>();
    private final ExecutorService blocking = Executors.newCachedThreadPool(Thread.ofPlatform().name("job-chunk-", 0)
            .daemon().factory());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-runner").daemon().factory());
    private volatile boolean claiming;
    /** Set on shutdown once the grace is over: running chunks start no more calls, they are given back. */
    private volatile boolean releasing;

    /** A chunk this replica is running. */
    private record Active(ChunkRepository.Claim claim, Cancellable subscription, CountDownLatch ended) {
    }

    JobRunner(Database db, JobRepository jobs, ChunkRepository chunks, RowRepository rows, RowStateWriter writer,
            LinkStore links, BatchService batches, ShortenerConfig config, UpstreamClient upstream) {
        this.upstream = upstream;
        this.db = db;
        this.jobs = jobs;
        this.chunks = chunks;
        this.rows = rows;
        this.writer = writer;
        this.links = links;
        this.batches = batches;
        this.config = config.jobs();
    }

    void start(@Observes StartupEvent event) {
        long lease = config.lease().toMillis();
        scheduler.scheduleWithFixedDelay(this::expire, 0, sweepMillis(), TimeUnit.MILLISECONDS);
        if (!config.runner()) {
            return;
        }
        claiming = true;
        scheduler.scheduleWithFixedDelay(this::claimWhileRoom, 0, config.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::renew, lease / 3, lease / 3, TimeUnit.MILLISECONDS);
        // Status counts live on the chunks: recount the running ones at the pace of the progress events.
        scheduler.scheduleWithFixedDelay(this::recount, PROGRESS_MILLIS, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** How often expired jobs and keys are deleted: a quarter of the shorter period, between 100 ms and a minute. */
    private long sweepMillis() {
        long shorter = Math.min(config.retention().toMillis(), config.idempotencyTtl().toMillis());
        return Math.clamp(shorter / 4, 100L, TimeUnit.MINUTES.toMillis(1));
    }

    /** Looks for work now instead of at the next poll (a job was just accepted). */
    public void wake() {
        if (claiming) {
            scheduler.execute(this::claimWhileRoom);
        }
    }

    /** Stops this replica's chunks of a cancelled job: no new call of theirs starts. */
    public void cancelLocal(String jobId) {
        active.values().stream().filter(a -> a.claim().jobId().equals(jobId)).toList()
                .forEach(a -> a.subscription().cancel());
    }

    private void claimWhileRoom() {
        try {
            slots.keySet().removeIf(job -> active.values().stream().noneMatch(a -> a.claim().jobId().equals(job)));
            while (claiming && active.size() < config.chunksInFlight()) {
                Optional<ChunkRepository.Claim> claim = claimOne();
                if (claim.isEmpty()) {
                    return;
                }
                run(claim.get());
            }
        } catch (RuntimeException e) {
            LOG.warnf("claiming job chunks failed, retrying at the next poll: %s", e.getMessage());
        }
    }

    private Optional<ChunkRepository.Claim> claimOne() {
        long now = System.currentTimeMillis();
        return db.inTransaction(c -> {
            List<String> candidates = new ArrayList<>(chunks.candidates(c, CANDIDATES));
            // Jobs this replica already runs least go first: a small job is not starved by a huge one.
            candidates.sort(Comparator.comparingLong(id -> active.values().stream()
                    .filter(a -> a.claim().jobId().equals(id)).count()));
            for (String id : candidates) {
                Optional<ChunkRepository.Claim> claim = chunks.claim(c, id, replica, now, config.lease().toMillis());
                if (claim.isPresent()) {
                    return claim;
                }
            }
            return Optional.empty();
        });
    }

    private void run(ChunkRepository.Claim claim) {
        String key = claim.jobId() + "/" + claim.chunk();
        CountDownLatch ended = new CountDownLatch(1);
        ExecutionModel model;
        Provider provider;
        Slots shared;
        try {
            model = batches.model(ModelName.parse(claim.model()));
            provider = batches.provider(Optional.of(claim.provider()), model);
            shared = slots.computeIfAbsent(claim.jobId(), job -> new Slots(model.limit()));
        } catch (RuntimeException e) {
            failed(claim, e); // the job's model or provider is not available here
            return;
        }
        Cancellable subscription = Uni.createFrom()
                .item(() -> db.inTransaction(c -> rows.unfinished(c, claim.jobId(), claim.firstIdx(),
                        claim.rowCount())))
                .runSubscriptionOn(blocking)
                .onItem().transformToUni(open -> new ChunkRun(claim, model, provider, writer, links, shared,
                        upstream.eventLoop(provider.id()), () -> releasing)
                        .run(open, batches, blocking))
                .emitOn(blocking)
                .onTermination().invoke(() -> {
                    active.remove(key);
                    ended.countDown();
                    wake();
                })
                .subscribe().with(done -> finish(claim), failure -> failed(claim, failure));
        active.put(key, new Active(claim, subscription, ended));
    }

    private void finish(ChunkRepository.Claim claim) {
        try {
            db.inTransaction(c -> {
                chunks.finish(c, claim.jobId(), claim.chunk());
                return null;
            });
            db.inTransaction(c -> jobs.succeedIfComplete(c, claim.jobId(), System.currentTimeMillis()));
        } catch (RuntimeException e) {
            failed(claim, e);
        }
    }

    private void failed(ChunkRepository.Claim claim, Throwable failure) {
        if (failure instanceof JobCancelledException || failure instanceof ChunkRun.ReleasedException) {
            return; // cancelled: nothing left to do; released: stop() gives the chunk back
        }
        if (failure instanceof RequestRejectedException rejected) {
            // The job's model is not available on this replica: nothing a retry would change.
            db.inTransaction(c -> jobs.end(c, claim.jobId(), JobState.FAILED, rejected.getMessage(),
                    System.currentTimeMillis()));
            return;
        }
        LOG.warnf("chunk %d of job %s failed, released for another attempt: %s", claim.chunk(), claim.jobId(),
                failure.toString());
        release(claim);
    }

    private void release(ChunkRepository.Claim claim) {
        try {
            db.inTransaction(c -> {
                chunks.release(c, claim, replica);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not release chunk %d of job %s; its lease will expire: %s", claim.chunk(),
                    claim.jobId(), e.getMessage());
        }
    }

    private void recount() {
        try {
            for (Active a : List.copyOf(active.values())) {
                db.inTransaction(c -> {
                    chunks.recount(c, a.claim().jobId(), a.claim().chunk());
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.debugf("recounting running chunks failed: %s", e.getMessage());
        }
    }

    private void renew() {
        try {
            long until = System.currentTimeMillis() + config.lease().toMillis();
            List<Active> running = List.copyOf(active.values());
            List<String> cancelled = db.inTransaction(c -> jobs.cancelled(c,
                    running.stream().map(a -> a.claim().jobId()).distinct().toList()));
            for (Active a : running) {
                boolean kept = !cancelled.contains(a.claim().jobId())
                        && db.inTransaction(c -> chunks.renew(c, a.claim(), replica, until));
                if (!kept) {
                    a.subscription().cancel();
                    active.remove(a.claim().jobId() + "/" + a.claim().chunk());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("renewing chunk leases failed: %s", e.getMessage());
        }
    }

    private void expire() {
        try {
            long now = System.currentTimeMillis();
            db.inTransaction(c -> jobs.forgetKeys(c, now - config.idempotencyTtl().toMillis()));
            for (String id : db.inTransaction(c -> jobs.expired(c, now - config.retention().toMillis()))) {
                db.inTransaction(c -> {
                    rows.delete(c, id);
                    chunks.delete(c, id);
                    jobs.delete(c, id);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("deleting expired jobs failed: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        claiming = false;
        scheduler.shutdownNow();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        try {
            // A claim already under way when the signal came must be in 'active' before it is looked at below:
            // otherwise its chunk stays leased to this dying replica until the lease expires.
            scheduler.awaitTermination(config.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Active a : List.copyOf(active.values())) {
            try {
                a.ended().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Taken before 'releasing' is set: a chunk that fails with ReleasedException leaves 'active' at once, and must
        // still be given back below.
        List<Active> left = List.copyOf(active.values());
        releasing = true;
        for (Active a : left) {
            a.subscription().cancel();
            release(a.claim());
        }
        blocking.shutdown();
    }

}
