package dev.shortener.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.shortener.config.ShortenerConfig;
import dev.shortener.store.Database;

/**
 * Keeps the running chunks of this replica: each tick recounts their rows (the pace of the progress events) and, every
 * third of a lease, renews their leases, in one transaction; a chunk whose job was cancelled or whose lease was lost
 * is stopped.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);
    /** How often the counts of running chunks are refreshed: the pace of the progress events. */
    static final long TICK_MILLIS = 500;

    private final Database db;
    private final JobRepository jobs;
    private final ChunkRepository chunks;
    private final RunningChunks running;
    private final ShortenerConfig.Jobs config;
    private long renewedAt = System.currentTimeMillis();

    LeaseKeeper(Database db, JobRepository jobs, ChunkRepository chunks, RunningChunks running,
            ShortenerConfig config) {
        this.db = db;
        this.jobs = jobs;
        this.chunks = chunks;
        this.running = running;
        this.config = config.jobs();
    }

    /** One tick; called on the runner's scheduler thread. */
    void tick() {
        long now = System.currentTimeMillis();
        boolean renew = now - renewedAt >= config.lease().toMillis() / 3;
        // In lock order, as every writer of chunks takes them: fewer deadlocks to retry.
        List<RunningChunks.Running> here = running.all().stream()
                .sorted(Comparator.comparing(r -> r.claim().key(), ChunkKey.LOCK_ORDER)).toList();
        if (here.isEmpty()) {
            renewedAt = renew ? now : renewedAt;
            return;
        }
        try {
            List<RunningChunks.Running> lost = db.inRetryableTransaction(c -> {
                List<RunningChunks.Running> gone = new ArrayList<>();
                if (renew) {
                    List<String> cancelled = jobs.cancelled(c,
                            here.stream().map(r -> r.claim().jobId()).distinct().toList());
                    boolean[] kept = chunks.renew(c, here.stream().map(RunningChunks.Running::claim).toList(),
                            running.replica, now + config.lease().toMillis());
                    for (int i = 0; i < kept.length; i++) {
                        if (!kept[i] || cancelled.contains(here.get(i).claim().jobId())) {
                            gone.add(here.get(i));
                        }
                    }
                }
                chunks.recount(c, here.stream().map(r -> r.claim().key()).toList());
                return gone;
            });
            renewedAt = renew ? now : renewedAt;
            lost.forEach(running::stop);
        } catch (RuntimeException e) {
            LOG.warnf("keeping the leases of running chunks failed: %s", e.getMessage());
        }
    }
}
