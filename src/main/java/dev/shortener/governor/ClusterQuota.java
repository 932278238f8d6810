package dev.shortener.governor;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;

import dev.shortener.store.Database;
import dev.shortener.store.Jdbc;

/**
 * A quota counted cluster-wide in {@code governor_quota} (a row per provider and period): this replica leases blocks of
 * up to 10 permits (no more than its calls waiting want, so that little is left unused at a period's end) on the
 * writer thread, and takes them locally, so that no call waits for the database except for its block's first.
 */
final class ClusterQuota implements Quota {

    private static final Logger LOG = Logger.getLogger(ClusterQuota.class);
    private static final int MAX_BLOCK = 10;
    private static final long RETRY_NANOS = 100_000_000L;

    private final Database db;
    private final Governor governor;
    private final QuotaSpec spec;
    private final Executor writer;
    private long periodStart = Long.MIN_VALUE;
    private long leased;
    private long clusterRemaining;
    private boolean exhausted;
    private Instant exhaustedSince;
    private boolean leasing;

    ClusterQuota(Database db, Governor governor, QuotaSpec spec, Executor writer) {
        this.db = db;
        this.governor = governor;
        this.spec = spec;
        this.writer = writer;
        this.clusterRemaining = spec.limit();
    }

    @Override
    public synchronized boolean tryTake() {
        roll();
        if (leased > 0) {
            leased--;
            return true;
        }
        if (exhausted) {
            if (exhaustedSince == null) {
                exhaustedSince = Instant.now();
            }
        } else if (!leasing) {
            leasing = true;
            writer.execute(this::lease);
        }
        return false;
    }

    @Override
    public synchronized long retryInNanos() {
        if (!exhausted) {
            return RETRY_NANOS; // the lease wakes the governor; this only covers a failed lease
        }
        long now = System.currentTimeMillis();
        return Math.max(1, spec.periodEnd(now).toEpochMilli() - now) * 1_000_000;
    }

    @Override
    public synchronized Optional<Instant> exhaustedUntil() {
        roll();
        return exhausted && leased == 0 ? Optional.of(spec.periodEnd(System.currentTimeMillis())) : Optional.empty();
    }

    @Override
    public synchronized Instant exhaustedSince() {
        return exhaustedSince;
    }

    @Override
    public synchronized long remaining() {
        roll();
        return clusterRemaining + leased;
    }

    private void roll() {
        long start = spec.periodStart(System.currentTimeMillis());
        if (start != periodStart) {
            // A new period: what was leased in the old one is void (it was counted there).
            periodStart = start;
            leased = 0;
            clusterRemaining = spec.limit();
            exhausted = false;
            exhaustedSince = null;
        }
    }

    private void lease() {
        long start;
        synchronized (this) {
            roll();
            start = periodStart;
        }
        int block = Math.max(1, Math.min(MAX_BLOCK, governor.waiting()));
        try {
            long[] granted = db.inRetryableTransaction(c -> {
                Jdbc.update(c, "INSERT INTO governor_quota (provider, period_start, used) VALUES (?, ?, 0) "
                        + "ON CONFLICT (provider, period_start) DO NOTHING", governor.provider(), start);
                long used = Jdbc.queryFirst(c, "SELECT used FROM governor_quota WHERE provider = ? AND "
                        + "period_start = ? FOR UPDATE", rs -> rs.getLong(1), governor.provider(), start).orElseThrow();
                long take = Math.max(0, Math.min(block, spec.limit() - used));
                Jdbc.update(c, "UPDATE governor_quota SET used = used + ? WHERE provider = ? AND period_start = ?",
                        take, governor.provider(), start);
                return new long[] { take, spec.limit() - used - take };
            });
            synchronized (this) {
                if (start == periodStart) {
                    leased += granted[0];
                    clusterRemaining = granted[1];
                    exhausted = granted[0] == 0;
                }
                leasing = false;
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                leasing = false;
            }
            LOG.warnf("leasing quota of %s failed: %s", governor.provider(), e.getMessage());
        }
        governor.recheck();
    }
}
