package dev.shortener.governor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.shortener.store.Database;
import dev.shortener.store.Jdbc;

/**
 * Pauses shared by every replica: a pause that starts here is written to {@code governor_pauses} (for replicas that
 * join later or reconnect) and sent with {@code NOTIFY} on channel {@code shortener_governor} as
 * {@code "<replica> <provider> <millis> <sent-at>"} (a length, not a time, so that clocks need not agree); a daemon
 * thread LISTENs on its own connection and applies the others' pauses as they arrive, reconnecting after a failure.
 * The outage breakers travel on the same channel and thread ({@link BreakerChannel}), and so does a fresh replica's
 * {@code "rebalance <replica>"}, which makes every other replica heartbeat at once.
 */
final class PauseChannel {

    static final String CHANNEL = "shortener_governor";
    private static final String REBALANCE = "rebalance";
    private static final Logger LOG = Logger.getLogger(PauseChannel.class);

    private final Database db;
    private final String replica;
    private final Map<String, Governor> joined;
    // Writes pauses and leases quotas off the call path, in order.
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("governor-writer").factory());
    private volatile boolean running = true;
    // The listening session's backend: while it exists this replica is alive (0: not connected yet).
    private volatile int backendPid;
    private Thread listener;
    // The writer's own connection, kept open: a pause must not wait for the pool that the jobs may be using up.
    private Connection writing;
    private final BreakerChannel breakers;
    // Runs a heartbeat now, when a fresh replica asks for its share.
    private final Runnable rebalance;

    PauseChannel(Database db, String replica, Map<String, Governor> joined, Runnable rebalance) {
        this.db = db;
        this.replica = replica;
        this.joined = joined;
        this.rebalance = rebalance;
        this.breakers = new BreakerChannel(replica, joined, this::write);
    }

    /** The outage breakers' messages, on this channel. */
    BreakerChannel breakers() {
        return breakers;
    }

    /** The backend process of the listening session, or 0 before it is connected. */
    int backendPid() {
        return backendPid;
    }

    /** The thread that writes pauses and quota leases. */
    ExecutorService executor() {
        return writer;
    }

    /** The database's clock, in epoch milliseconds. */
    static long databaseMillis(Connection c) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
                rs -> rs.getLong(1)).orElseThrow();
    }

    /** Tells every replica that {@code governor}'s provider is paused for {@code length} from now. */
    void publish(Governor governor, Duration length) {
        long began = System.currentTimeMillis();
        write("the pause of " + governor.provider(), c -> {
            long until = databaseMillis(c) + length.toMillis();
            Jdbc.update(c, "INSERT INTO governor_pauses (provider, paused_until) VALUES (?, ?) "
                    + "ON CONFLICT (provider) DO UPDATE SET paused_until = "
                    + "GREATEST(governor_pauses.paused_until, EXCLUDED.paused_until)", governor.provider(), until);
            Jdbc.queryFirst(c, "SELECT pg_notify(?, ?)", rs -> 0, CHANNEL,
                    String.join(" ", replica, governor.provider(), String.valueOf(length.toMillis()),
                            String.valueOf(began)));
        });
    }

    /** Asks the other replicas to heartbeat now: a fresh one waits for the room their holds leave. */
    void askRebalance() {
        write("a rebalance", c -> Jdbc.queryFirst(c, "SELECT pg_notify(?, ?)", rs -> 0, CHANNEL,
                REBALANCE + " " + replica));
    }

    /** Runs {@code work} on the writer thread with its connection, in order with the other writes. */
    private void write(String what, BreakerChannel.Work work) {
        writer.execute(() -> {
            try {
                work.run(writingConnection());
            } catch (SQLException | RuntimeException e) {
                closeWriting();
                LOG.warnf("sharing %s failed: %s", what, e.getMessage());
            }
        });
    }

    private Connection writingConnection() throws SQLException {
        if (writing == null || writing.isClosed()) {
            writing = db.connection();
        }
        return writing;
    }

    private void closeWriting() {
        try {
            if (writing != null) {
                writing.close();
            }
        } catch (SQLException ignored) {
            // a broken connection: the next pause opens another
        }
        writing = null;
    }

    /** Applies the pause of {@code governor}'s provider that is still running, if any (a replica that joins). */
    void catchUp(Governor governor) {
        writer.execute(() -> {
            try (Connection c = db.connection()) {
                catchUp(c, governor);
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("reading the pause of %s failed: %s", governor.provider(), e.getMessage());
            }
        });
    }

    private void catchUp(Connection c, Governor governor) throws SQLException {
        breakers.catchUp(c, governor);
        long left = Jdbc.queryFirst(c, "SELECT paused_until - CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 "
                + "AS BIGINT) FROM governor_pauses WHERE provider = ?", rs -> rs.getLong(1), governor.provider())
                .orElse(0L);
        if (left > 0) {
            governor.pauseFor(Duration.ofMillis(left));
        }
    }

    void start() {
        listener = Thread.ofPlatform().daemon().name("governor-listen").start(this::listen);
    }

    void stop() {
        running = false;
        writer.execute(this::closeWriting);
        writer.shutdown();
        if (listener != null) {
            listener.interrupt();
        }
    }

    private void listen() {
        while (running) {
            try (Connection c = db.connection(); Statement statement = c.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                backendPid = pg.getBackendPID();
                // Pauses announced while this thread was not listening.
                for (Governor governor : joined.values()) {
                    catchUp(c, governor);
                }
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            apply(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                // The others stop counting this replica once its session is gone: hold no share until the next
                // heartbeat has published this replica again (with the lease as its only liveness meanwhile).
                backendPid = 0;
                joined.values().forEach(governor -> governor.setMaxInFlight(0));
                LOG.warnf("listening for governor pauses failed, reconnecting in 1 s: %s", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void apply(String payload) {
        String[] parts = payload.split(" ");
        if (parts[0].equals(BreakerChannel.TYPE)) {
            breakers.apply(parts);
            return;
        }
        if (parts[0].equals(REBALANCE)) {
            if (parts.length == 2 && !parts[1].equals(replica)) {
                rebalance.run();
            }
            return;
        }
        if (parts.length != 4 || parts[0].equals(replica)) {
            return;
        }
        Governor governor = joined.get(parts[1]);
        if (governor != null) {
            governor.pauseFor(Duration.ofMillis(Long.parseLong(parts[2])));
            // The sender's clock: only meaningful when the clocks agree (one host), as a hint of the delivery time.
            LOG.infof("pause of %s for %s ms from replica %s, %d ms after it began there", parts[1], parts[2], parts[0],
                    System.currentTimeMillis() - Long.parseLong(parts[3]));
        }
    }
}
