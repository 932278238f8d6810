package dev.shortener.governor;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.shortener.config.ShortenerConfig;
import dev.shortener.store.Database;
import dev.shortener.store.Jdbc;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The governors of the replicas that share one PostgreSQL store, as one: each replica heartbeats its demand per
 * provider ({@code governor_replicas}, about every second, on its own thread, never on a call's path) and applies its
 * {@link Shares share} of the provider's cap and rate; a pause seen anywhere reaches every replica
 * ({@link PauseChannel}), and so does an outage breaker that opens or closes ({@link BreakerChannel}); quotas are
 * leased in blocks ({@link ClusterQuota}). With the embedded store it does nothing.
 * A replica that stops heartbeating for {@code shortener.jobs.lease}, or whose listening session is gone, no longer
 * counts, so its share returns by itself.
 */
@ApplicationScoped
public class Cluster {

    private static final Logger LOG = Logger.getLogger(Cluster.class);
    // Serialises the heartbeats of every replica: a raise is checked against the holds the others published.
    private static final long LOCK_KEY = 0x676f7665726e6f72L;
    // After asking the others to rebalance: their heartbeats take a few milliseconds each.
    private static final long STARVED_RETRY_MILLIS = 100;

    private final Database db;
    private final long leaseMillis;
    private final long tickMillis;
    private final String replica;
    private final Map<String, Governor> joined = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("governor-heartbeat").factory());
    private final PauseChannel pauses;
    private boolean started;
    private boolean stopped;
    private long cleanedAt;
    private long beatAt = System.currentTimeMillis();
    // Heartbeat thread only: a governor of this replica holds nothing while it has a share to take (the others hold
    // the room), and when this replica last asked the others to rebalance at once.
    private boolean starved;
    private long nudgedAt;

    Cluster(Database db, ShortenerConfig config) {
        this.db = db;
        this.leaseMillis = config.jobs().lease().toMillis();
        this.tickMillis = Math.max(100, Math.min(1000, leaseMillis / 5));
        this.replica = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString()
                .substring(0, 8);
        this.pauses = new PauseChannel(db, replica, joined, () -> heartbeat.execute(this::tick));
    }

    /** True when replicas share a PostgreSQL store: the limits are then the cluster's. */
    public boolean active() {
        return !db.embedded();
    }

    /** This replica's id in the heartbeats. */
    public String replica() {
        return replica;
    }

    /**
     * Makes {@code governor} one part of the cluster's: it holds every call until its first heartbeat gave it a share
     * (a new replica never adds to what the others already hold), then follows the shares; its pauses go to all.
     */
    void join(Governor governor) {
        if (!active()) {
            return;
        }
        governor.setMaxInFlight(0);
        governor.setPauseListener(pauses::publish);
        pauses.breakers().join(governor);
        joined.put(governor.provider(), governor);
        synchronized (this) {
            if (!started) {
                started = true;
                heartbeat.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
                pauses.start();
            }
        }
        heartbeat.execute(this::tick);
        pauses.catchUp(governor);
    }

    /** A quota counted cluster-wide for {@code governor}. */
    Quota quota(Governor governor, QuotaSpec spec) {
        return new ClusterQuota(db, governor, spec, pauses.executor());
    }

    /** One heartbeat: publish demand and holds, take the new shares (lower at once, raise after publishing). */
    void tick() {
        if (joined.isEmpty()) {
            return;
        }
        starved = false;
        try {
            List<Runnable> raises = db.inTransaction(c -> {
                Jdbc.queryFirst(c, "SELECT pg_advisory_xact_lock(?)", rs -> 0, LOCK_KEY);
                long now = PauseChannel.databaseMillis(c);
                Map<String, List<Heartbeat>> live = live(c, now);
                List<Runnable> after = new ArrayList<>();
                for (Governor governor : joined.values()) {
                    after.add(rebalance(c, governor, live.getOrDefault(governor.provider(), List.of()), now));
                }
                if (now - cleanedAt > 10 * leaseMillis) {
                    Jdbc.update(c, "DELETE FROM governor_replicas WHERE heartbeat_at < ?", now - 10 * leaseMillis);
                    cleanedAt = now;
                }
                return after;
            });
            beatAt = System.currentTimeMillis();
            raises.forEach(Runnable::run);
            if (starved && beatAt - nudgedAt >= STARVED_RETRY_MILLIS) {
                // A fresh replica: the others lower their holds now rather than at their next heartbeat, and this
                // one takes its share right after (a conservative one, at least 1, within the cap as ever).
                nudgedAt = beatAt;
                pauses.askRebalance();
                heartbeat.schedule(this::tick, STARVED_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            boolean fence = System.currentTimeMillis() - beatAt > leaseMillis / 2;
            LOG.warnf("governor heartbeat failed (%s): %s", fence ? "no share until the next heartbeat"
                    : "limits stay as they are", e.getMessage());
            if (fence) {
                // The others stop counting this replica after a lease and may take its share: give it up first.
                joined.values().forEach(governor -> governor.setMaxInFlight(0));
            }
        }
    }

    private Runnable rebalance(Connection c, Governor governor, List<Heartbeat> beats, long now)
            throws SQLException {
        int cap = governor.configuredMaxInFlight();
        int demand = governor.inFlight() + governor.waiting();
        List<Shares.Claim> claims = new ArrayList<>();
        int heldByOthers = 0;
        for (Heartbeat beat : beats) {
            if (!beat.replica().equals(replica)) {
                claims.add(new Shares.Claim(beat.replica(), beat.demand()));
                heldByOthers += beat.held();
            }
        }
        claims.add(new Shares.Claim(replica, demand));
        int target = Shares.split(cap, claims).get(replica);
        int current = governor.maxInFlight();
        int next = Shares.next(current, target, cap, heldByOthers);
        starved |= current == 0 && next == 0 && target > 0;
        if (next < current) {
            apply(governor, next); // before the lower hold is published
        }
        int held = Math.max(next, governor.inFlight());
        Jdbc.update(c, "INSERT INTO governor_replicas (replica, provider, demand, held, heartbeat_at, backend_pid) "
                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (provider, replica) DO UPDATE SET demand = EXCLUDED.demand, "
                + "held = EXCLUDED.held, heartbeat_at = EXCLUDED.heartbeat_at, backend_pid = EXCLUDED.backend_pid",
                replica, governor.provider(), demand, held, now, pauses.backendPid());
        return next > current ? () -> apply(governor, next) : () -> { };
    }

    private static void apply(Governor governor, int limit) {
        if (governor.configuredRate() > 0) {
            // The rate follows the share of the cap; a replica holding nothing waits anyway.
            governor.setRate(Math.max(1e-3, governor.configuredRate() * limit / governor.configuredMaxInFlight()));
        }
        governor.setMaxInFlight(limit);
    }

    private Map<String, List<Heartbeat>> live(Connection c, long now) throws SQLException {
        Map<String, List<Heartbeat>> live = new HashMap<>();
        // A replica whose listening session is gone (killed: the socket closed) no longer counts, lease or not.
        for (Heartbeat beat : Jdbc.query(c, "SELECT provider, replica, demand, held FROM governor_replicas "
                + "WHERE heartbeat_at > ? AND (backend_pid = 0 OR backend_pid IN (SELECT pid FROM pg_stat_activity))",
                rs -> new Heartbeat(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getInt(4)), now - leaseMillis)) {
            live.computeIfAbsent(beat.provider(), p -> new ArrayList<>()).add(beat);
        }
        return live;
    }

    /** One replica's last heartbeat for a provider. */
    private record Heartbeat(String provider, String replica, int demand, int held) {
    }

    /**
     * Leaves on shutdown while the store is still open (after the job runner has released its chunks, so that nothing
     * of this replica still calls): the others may take its share at their next heartbeat, not after a lease.
     */
    void leave(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        heartbeat.shutdownNow();
        pauses.stop();
        if (active() && !joined.isEmpty()) {
            try {
                joined.values().forEach(governor -> governor.setMaxInFlight(0));
                db.inTransaction(c -> Jdbc.update(c, "DELETE FROM governor_replicas WHERE replica = ?", replica));
            } catch (RuntimeException e) {
                LOG.debugf("governor rows of %s left to expire: %s", replica, e.getMessage());
            }
        }
    }
}
