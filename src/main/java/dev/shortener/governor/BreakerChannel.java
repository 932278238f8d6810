package dev.shortener.governor;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.shortener.store.Jdbc;

/**
 * Outage breakers shared by every replica, on the pauses' channel: a breaker that opens (or probes again) here is
 * written to {@code governor_breakers} (for replicas that join later or reconnect) and sent as
 * {@code "breaker <replica> <provider> open <since> <delay-millis> <sent-at>"}; a close as
 * {@code "breaker <replica> <provider> closed <sent-at>"}. The replica that opened it probes; the others follow it
 * (no permits, no probes) and take over probing when it has been silent for its announced delay and a random 0.5-1.5 s
 * (so that two followers rarely take over at once; if they do, the replica with the smaller id keeps probing).
 */
final class BreakerChannel {

    static final String TYPE = "breaker";
    private static final Logger LOG = Logger.getLogger(BreakerChannel.class);
    private static final long GRACE_MILLIS = 500;
    private static final long GRACE_SPREAD_MILLIS = 1000;

    /** Runs a write on the channel's writer thread, with its connection. */
    @FunctionalInterface
    interface Writer {
        /** Runs {@code work} in order with the other writes; {@code what} names it in a warning if it fails. */
        void write(String what, Work work);
    }

    /** Database work on the writer's connection. */
    @FunctionalInterface
    interface Work {
        /** Does it. */
        void run(Connection c) throws SQLException;
    }

    private final String replica;
    private final Map<String, Governor> joined;
    private final Writer writer;

    BreakerChannel(String replica, Map<String, Governor> joined, Writer writer) {
        this.replica = replica;
        this.joined = joined;
        this.writer = writer;
    }

    /** Shares what {@code governor}'s breaker decides by itself with the others. */
    void join(Governor governor) {
        String provider = governor.provider();
        governor.breaker().setListener(new OutageBreaker.Listener() {
            @Override
            public void open(Instant since, long delayNanos, long atMillis) {
                long delayMillis = TimeUnit.NANOSECONDS.toMillis(delayNanos);
                writer.write("the outage of " + provider, c -> {
                    long now = PauseChannel.databaseMillis(c);
                    Jdbc.update(c, "INSERT INTO governor_breakers (provider, since, prober, delay_millis, probe_by, "
                            + "sent_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (provider) DO UPDATE SET since = "
                            + "LEAST(governor_breakers.since, EXCLUDED.since), prober = EXCLUDED.prober, delay_millis "
                            + "= EXCLUDED.delay_millis, probe_by = EXCLUDED.probe_by, sent_at = EXCLUDED.sent_at",
                            provider, since.toEpochMilli(), replica, delayMillis, now + delayMillis, atMillis);
                    sendNotify(c, String.join(" ", TYPE, replica, provider, "open",
                            String.valueOf(since.toEpochMilli()), String.valueOf(delayMillis),
                            String.valueOf(atMillis)));
                });
            }

            @Override
            public void closed(long atMillis) {
                writer.write("the end of the outage of " + provider, c -> {
                    Jdbc.update(c, "DELETE FROM governor_breakers WHERE provider = ?", provider);
                    sendNotify(c, String.join(" ", TYPE, replica, provider, "closed", String.valueOf(atMillis)));
                });
            }
        });
    }

    private static void sendNotify(Connection c, String payload) throws SQLException {
        Jdbc.queryFirst(c, "SELECT pg_notify(?, ?)", rs -> 0, PauseChannel.CHANNEL, payload);
    }

    /** Applies another replica's message ({@code parts} split at spaces, starting with {@link #TYPE}). */
    void apply(String[] parts) {
        if (parts.length < 5 || parts[1].equals(replica)) {
            return;
        }
        Governor governor = joined.get(parts[2]);
        if (governor == null) {
            return;
        }
        if (parts[3].equals("open") && parts.length == 7) {
            long delayMillis = Long.parseLong(parts[5]);
            boolean followed = governor.breaker().follow(Instant.ofEpochMilli(Long.parseLong(parts[4])),
                    TimeUnit.MILLISECONDS.toNanos(delayMillis), takeOver(delayMillis), outranks(parts[1]),
                    Long.parseLong(parts[6]));
            if (followed) {
                governor.recheck();
            }
            LOG.debugf("outage of %s announced by replica %s (probe within %d ms): %s", parts[2], parts[1],
                    delayMillis, followed ? "following" : "ignored");
        } else if (parts[3].equals("closed")) {
            if (governor.breakerClosedElsewhere(Long.parseLong(parts[4]))) {
                LOG.infof("outage of %s closed by replica %s", parts[2], parts[1]);
            }
        }
    }

    /** Follows the breaker the table says is open (a replica that joins or reconnects), or closes a stale one. */
    void catchUp(Connection c, Governor governor) throws SQLException {
        record Open(String prober, long since, long delayMillis, long left, long sentAt) {
        }
        var open = Jdbc.queryFirst(c, "SELECT prober, since, delay_millis, probe_by - CAST(EXTRACT(EPOCH FROM "
                + "clock_timestamp()) * 1000 AS BIGINT), sent_at FROM governor_breakers WHERE provider = ?",
                rs -> new Open(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                governor.provider());
        if (open.isPresent() && !open.get().prober().equals(replica)) {
            Open o = open.get();
            if (governor.breaker().follow(Instant.ofEpochMilli(o.since()), TimeUnit.MILLISECONDS.toNanos(
                    o.delayMillis()), takeOver(Math.max(0, o.left())), outranks(o.prober()), o.sentAt())) {
                governor.recheck();
            }
        } else if (open.isEmpty() && governor.breaker().following()) {
            // Its close was sent while this replica was not listening.
            governor.breakerClosedElsewhere(System.currentTimeMillis());
        }
    }

    private boolean outranks(String other) {
        return other.compareTo(replica) < 0;
    }

    private static long takeOver(long afterMillis) {
        return TimeUnit.MILLISECONDS.toNanos(afterMillis + GRACE_MILLIS
                + ThreadLocalRandom.current().nextLong(GRACE_SPREAD_MILLIS));
    }
}
