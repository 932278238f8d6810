package dev.shortener.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.shortener.config.ShortenerConfig;
import dev.shortener.store.Database;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The chunks this replica runs now, under the lease owner name of this replica, and their leases: each tick recounts
 * their rows (the pace of the progress events) and, every third of a lease, renews their leases, in one transaction;
 * a chunk whose lease was lost is stopped (cancelling a job cancels its chunks, which loses their leases too).
 */
@ApplicationScoped
public class RunningChunks {

    private static final Logger LOG = Logger.getLogger(RunningChunks.class);
    /** How often the counts of running chunks are refreshed: the pace of the progress events. */
    static final long TICK_MILLIS = 500;

    private final String replica = UUID.randomUUID().toString();
    private final Map<ChunkKey, Running> running = new ConcurrentHashMap<>();
    private final Database db;
    private final ChunkRepository chunks;
    private final ShortenerConfig.Jobs config;
    private long renewedAt = System.currentTimeMillis();

    RunningChunks(Database db, ChunkRepository chunks, ShortenerConfig config) {
        this.db = db;
        this.chunks = chunks;
        this.config = config.jobs();
    }

    /** This replica's name on its leases (read through a method: a client proxy's fields are not the bean's). */
    String replica() {
        return replica;
    }

    /** A chunk this replica is running: the subscription that works it, and a latch counted down when it ends. */
    record Running(ChunkRepository.Claim claim, Cancellable subscription, CountDownLatch ended) {
    }

    void add(Running chunk) {
        running.put(chunk.claim().key(), chunk);
    }

    void remove(ChunkKey key) {
        running.remove(key);
    }

    /** A snapshot of the running chunks. */
    List<Running> all() {
        return List.copyOf(running.values());
    }

    int size() {
        return running.size();
    }

    /** How many chunks of each job run here. */
    Map<String, Long> perJob() {
        return running.keySet().stream().collect(Collectors.groupingBy(ChunkKey::jobId, Collectors.counting()));
    }

    /** Stops this replica's chunks of a cancelled job. */
    void cancelJob(String jobId) {
        running.values().stream().filter(r -> r.claim().jobId().equals(jobId)).toList()
                .forEach(r -> r.subscription().cancel());
    }

    /** One tick; called on the runner's scheduler thread. */
    void tick() {
        long now = System.currentTimeMillis();
        boolean renew = now - renewedAt >= config.lease().toMillis() / 3;
        // In lock order, as every writer of chunks takes them: fewer deadlocks to retry.
        List<Running> here = all().stream()
                .sorted(Comparator.comparing(r -> r.claim().key(), ChunkKey.LOCK_ORDER)).toList();
        if (here.isEmpty()) {
            renewedAt = renew ? now : renewedAt;
            return;
        }
        try {
            List<Running> lost = db.inRetryableTransaction(c -> {
                List<Running> gone = new ArrayList<>();
                if (renew) {
                    boolean[] kept = chunks.renew(c, here.stream().map(Running::claim).toList(), replica,
                            now + config.lease().toMillis());
                    for (int i = 0; i < kept.length; i++) {
                        if (!kept[i]) {
                            gone.add(here.get(i));
                        }
                    }
                }
                chunks.recount(c, here.stream().map(r -> r.claim().key()).toList());
                return gone;
            });
            renewedAt = renew ? now : renewedAt;
            lost.forEach(this::stop);
        } catch (RuntimeException e) {
            LOG.warnf("keeping the leases of running chunks failed: %s", e.getMessage());
        }
    }

    /** Stops a chunk: no new call of its starts. */
    private void stop(Running chunk) {
        chunk.subscription().cancel();
        running.remove(chunk.claim().key());
    }
}
