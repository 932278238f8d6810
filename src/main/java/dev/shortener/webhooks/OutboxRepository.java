package dev.shortener.webhooks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.store.Database;
import dev.shortener.store.Jdbc;

/** The webhook outbox table: messages written with job ends, claimed with a lease, updated after each attempt. */
@ApplicationScoped
public class OutboxRepository {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private final Database db;

    OutboxRepository(Database db) {
        this.db = db;
    }

    /** One message to deliver. */
    record Message(String id, String jobId, String url, String payload, int attempts, long createdAt) {
    }

    /** What one attempt produced: the next state, the HTTP status (0: no answer) and when to try again. */
    record Attempted(String id, String state, int status, String error, long nextAttemptAt) {
    }

    /** Adds a message, due at once. */
    void insert(Connection c, Message message) throws SQLException {
        Jdbc.update(c, "INSERT INTO webhook_outbox (id, job_id, url, payload, state, created_at, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", message.id(), message.jobId(), message.url(), message.payload(),
                PENDING, message.createdAt(), message.createdAt());
    }

    /**
     * Leases to {@code replica} up to {@code limit} pending messages that are due and not leased by another replica;
     * rows another replica is claiming at the same moment are skipped, not waited for.
     */
    List<Message> claim(String replica, long now, long leaseMillis, int limit) {
        return db.inTransaction(c -> {
            List<Message> due = Jdbc.query(c, "SELECT id, job_id, url, payload, attempts, created_at "
                    + "FROM webhook_outbox WHERE state = ? AND next_attempt_at <= ? AND lease_until < ? "
                    + "ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED",
                    rs -> new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getLong(6)),
                    PENDING, now, now, limit);
            if (due.isEmpty()) {
                return due;
            }
            Jdbc.batch(c, "UPDATE webhook_outbox SET lease_owner = ?, lease_until = ? WHERE id = ?", due,
                    m -> Jdbc.params(replica, now + leaseMillis, m.id()));
            return due;
        });
    }

    /** Deletes delivered and failed messages written before {@code before} (their jobs are gone by then too). */
    int forget(long before) {
        return db.inTransaction(c -> Jdbc.update(c, "DELETE FROM webhook_outbox WHERE state <> ? AND created_at < ?",
                PENDING, before));
    }

    /** Records an attempt made under this replica's lease, and frees the message for its next attempt. */
    void attempted(Attempted attempt, String replica) {
        db.inTransaction(c -> Jdbc.update(c, "UPDATE webhook_outbox SET state = ?, attempts = attempts + 1, "
                + "last_status = ?, last_error = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = 0 "
                + "WHERE id = ? AND lease_owner = ?", attempt.state(), attempt.status(),
                attempt.error() == null ? Jdbc.nullOf(Types.VARCHAR) : attempt.error(), attempt.nextAttemptAt(),
                attempt.id(), replica));
    }
}
