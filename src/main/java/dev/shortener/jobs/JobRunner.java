package dev.shortener.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Claims chunks of any replica's jobs while this replica has room and runs them; on shutdown stops claiming, lets
 * running chunks finish and releases the rest. Leases are kept by {@link RunningChunks}, old jobs swept by
 * {@link JobRetention}.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final Database db;
    private final JobRepository jobs;
    private final ChunkRepository chunks;
    private final RowRepository rows;
    private final RowStateWriter writer;
    private final LinkStore links;
    private final BatchService batches;
    private final RunningChunks running;
    private final JobEnds ends;
    private final ShortenerConfig.Jobs config;
    private final Duration maxWait;
    /**
     * Per job running here: its model's limit, shared by its chunks, so that the next chunk fills the slots the
     * ending one frees (no pause at chunk ends).
     */
    private final Map<String, Slots> slots = new ConcurrentHashMap<>();
    private final ExecutorService blocking = Executors.newCachedThreadPool(Thread.ofPlatform().name("job-chunk-", 0)
            .daemon().factory());
    /** Claims and lease ticks, one at a time. */
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-runner").daemon().factory());
    private volatile boolean claiming;
    /** Set on shutdown once the grace is over: running chunks start no more calls, they are given back. */
    private volatile boolean releasing;

    JobRunner(Database db, JobRepository jobs, ChunkRepository chunks, RowRepository rows, RowStateWriter writer,
            LinkStore links, BatchService batches, ShortenerConfig config, RunningChunks running, JobEnds ends) {
        this.ends = ends;
        this.db = db;
        this.jobs = jobs;
        this.chunks = chunks;
        this.rows = rows;
        this.writer = writer;
        this.links = links;
        this.batches = batches;
        this.running = running;
        this.config = config.jobs();
        this.maxWait = config.upstream().outage().maxWaitJobs();
    }

    void start(@Observes StartupEvent event) {
        if (!config.runner()) {
            return;
        }
        claiming = true;
        scheduler.scheduleWithFixedDelay(this::claimWhileRoom, 0, config.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(running::tick, RunningChunks.TICK_MILLIS, RunningChunks.TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Looks for work now instead of at the next poll (a job was just accepted). */
    public void wake() {
        if (claiming) {
            scheduler.execute(this::claimWhileRoom);
        }
    }

    /** Stops this replica's chunks of a cancelled job: no new call of theirs starts. */
    public void cancelLocal(String jobId) {
        running.cancelJob(jobId);
    }

    private void claimWhileRoom() {
        try {
            slots.keySet().retainAll(running.perJob().keySet());
            while (claiming && running.size() < config.chunksInFlight()) {
                long now = System.currentTimeMillis();
                Optional<ChunkRepository.Claim> claim = db.inTransaction(c -> chunks.claim(c, running.replica(), now,
                        config.lease().toMillis(), running.perJob()));
                if (claim.isEmpty()) {
                    return;
                }
                run(claim.get());
            }
        } catch (RuntimeException e) {
            LOG.warnf("claiming job chunks failed, retrying at the next poll: %s", e.getMessage());
        }
    }

    private void run(ChunkRepository.Claim claim) {
        CountDownLatch ended = new CountDownLatch(1);
        ExecutionModel model;
        Provider provider;
        Slots shared;
        try {
            model = batches.model(ModelName.parse(claim.model()));
            provider = batches.provider(Optional.of(claim.provider()), model);
            shared = slots.computeIfAbsent(claim.jobId(), job -> new Slots(model.limit(), maxWait));
        } catch (RuntimeException e) {
            failed(claim, e); // the job's model or provider is not available here
            return;
        }
        Cancellable subscription = Uni.createFrom()
                .item(() -> db.inTransaction(c -> rows.unfinished(c, claim.jobId(), claim.firstIdx(),
                        claim.rowCount())))
                .runSubscriptionOn(blocking)
                .onItem().transformToUni(open -> new ChunkRun(claim, model, provider, writer, links, shared,
                        () -> releasing)
                        .run(open, batches, blocking))
                .emitOn(blocking)
                .onTermination().invoke(() -> {
                    running.remove(claim.key());
                    ended.countDown();
                    wake();
                })
                .subscribe().with(done -> finish(claim), failure -> failed(claim, failure));
        running.add(new RunningChunks.Running(claim, subscription, ended));
    }

    private void finish(ChunkRepository.Claim claim) {
        try {
            db.inTransaction(c -> {
                chunks.finish(c, claim.key());
                return null;
            });
            db.inTransaction(c -> {
                if (jobs.succeedIfComplete(c, claim.jobId(), System.currentTimeMillis())) {
                    ends.ended(c, claim.jobId());
                }
                return null;
            });
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
            db.inTransaction(c -> {
                if (jobs.end(c, claim.jobId(), JobState.FAILED, rejected.getMessage(), System.currentTimeMillis())) {
                    ends.ended(c, claim.jobId());
                }
                return null;
            });
            return;
        }
        LOG.warnf("chunk %d of job %s failed, released for another attempt: %s", claim.chunk(), claim.jobId(),
                failure.toString());
        release(claim);
    }

    private void release(ChunkRepository.Claim claim) {
        try {
            db.inTransaction(c -> {
                chunks.release(c, claim, running.replica());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not release chunk %d of job %s; its lease will expire: %s", claim.chunk(),
                    claim.jobId(), e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        claiming = false;
        scheduler.shutdownNow();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        try {
            // A claim already under way when the signal came must be running before it is looked at below:
            // otherwise its chunk stays leased to this dying replica until the lease expires.
            scheduler.awaitTermination(config.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (RunningChunks.Running r : running.all()) {
            try {
                r.ended().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Taken before 'releasing' is set: a chunk that fails with ReleasedException stops running at once, and must
        // still be given back below.
        List<RunningChunks.Running> left = running.all();
        releasing = true;
        for (RunningChunks.Running r : left) {
            r.subscription().cancel();
            release(r.claim());
        }
        blocking.shutdown();
    }
}
