package dev.shortener.jobs;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.shortener.config.ShortenerConfig;
import dev.shortener.store.Database;
import io.quarkus.scheduler.Scheduled;

/** Deletes finished jobs past {@code shortener.jobs.retention} and forgets expired Idempotency-Keys. */
@ApplicationScoped
public class JobRetention {

    private static final Logger LOG = Logger.getLogger(JobRetention.class);

    private final Database db;
    private final JobRepository jobs;
    private final ShortenerConfig.Jobs config;
    private volatile long sweptAt;

    JobRetention(Database db, JobRepository jobs, ShortenerConfig config) {
        this.db = db;
        this.jobs = jobs;
        this.config = config.jobs();
    }

    /**
     * Sweeps when due. The period follows the settings (a quarter of the shorter of retention and key TTL, one second
     * to a minute), which an annotation cannot compute: the method is called each second and returns when not due.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepWhenDue() {
        long now = System.currentTimeMillis();
        if (now - sweptAt < sweepMillis()) {
            return;
        }
        sweptAt = now;
        try {
            db.inTransaction(c -> jobs.forgetKeys(c, now - config.idempotencyTtl().toMillis()));
            for (String id : db.inTransaction(c -> jobs.expired(c, now - config.retention().toMillis()))) {
                db.inTransaction(c -> {
                    jobs.delete(c, id);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            LOG.warnf("deleting expired jobs failed: %s", e.getMessage());
        }
    }

    private long sweepMillis() {
        long shorter = Math.min(config.retention().toMillis(), config.idempotencyTtl().toMillis());
        return Math.clamp(shorter / 4, 100L, TimeUnit.MINUTES.toMillis(1));
    }
}
