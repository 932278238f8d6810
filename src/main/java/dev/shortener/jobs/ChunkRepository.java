package dev.shortener.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The chunks of jobs: claimed with {@code SELECT ... FOR UPDATE SKIP LOCKED} and a lease, renewed while they run,
 * taken over by any replica once a lease has expired, and counted when they end.
 */
@ApplicationScoped
public class ChunkRepository {

    static final String PENDING = "pending";
    static final String RUNNING = "running";
    static final String DONE = "done";
    static final String CANCELLED = "cancelled";

    /** Upstream calls started for a chunk's rows, of which {@code resent} were sent before a crash too. */
    record Calls(String jobId, int chunk, int resent, int calls) {
    }

    /** A chunk leased to this replica. */
    record Claim(String jobId, int chunk, int firstIdx, int rowCount, String model, String provider) {
    }

    /** Inserts the chunks of a job of {@code total} rows. */
    void insert(Connection c, String jobId, int total, int chunkSize) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO job_chunks (job_id, chunk, first_idx, "
                + "row_count, state) VALUES (?, ?, ?, ?, ?)")) {
            for (int chunk = 0; chunk * chunkSize < total; chunk++) {
                insert.setString(1, jobId);
                insert.setInt(2, chunk);
                insert.setInt(3, chunk * chunkSize);
                insert.setInt(4, Math.min(chunkSize, total - chunk * chunkSize));
                insert.setString(5, PENDING);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Jobs with work left, the one least recently claimed from first, so that replicas take turns between jobs and a
     * small job is not stuck behind a huge one.
     */
    List<String> candidates(Connection c, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM jobs WHERE state IN ('queued', 'running') "
                + "ORDER BY last_claim_at, seq LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Claims the first chunk of {@code jobId} that is pending or whose lease has expired, in the caller's
     * transaction: rows locked by another replica's claim are skipped, not waited for.
     */
    Optional<Claim> claim(Connection c, String jobId, String replica, long now, long leaseMillis)
            throws SQLException {
        int chunk;
        int first;
        int count;
        try (PreparedStatement select = c.prepareStatement("SELECT chunk, first_idx, row_count FROM job_chunks "
                + "WHERE job_id = ? AND (state = 'pending' OR (state = 'running' AND lease_until < ?)) "
                + "ORDER BY chunk LIMIT 1 FOR UPDATE SKIP LOCKED")) {
            select.setString(1, jobId);
            select.setLong(2, now);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                chunk = rs.getInt(1);
                first = rs.getInt(2);
                count = rs.getInt(3);
            }
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE job_chunks SET state = 'running', lease_owner = ?, "
                + "lease_until = ? WHERE job_id = ? AND chunk = ?")) {
            update.setString(1, replica);
            update.setLong(2, now + leaseMillis);
            update.setString(3, jobId);
            update.setInt(4, chunk);
            update.executeUpdate();
        }
        String model;
        String provider;
        try (PreparedStatement job = c.prepareStatement("UPDATE jobs SET state = 'running', last_claim_at = ?, "
                + "started_at = COALESCE(started_at, ?) WHERE id = ? AND state IN ('queued', 'running')");
                PreparedStatement select = c.prepareStatement("SELECT model, provider FROM jobs WHERE id = ?")) {
            job.setLong(1, now);
            job.setLong(2, now);
            job.setString(3, jobId);
            if (job.executeUpdate() == 0) {
                return Optional.empty(); // cancelled meanwhile: the caller rolls back
            }
            select.setString(1, jobId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                model = rs.getString(1);
                provider = rs.getString(2);
            }
        }
        return Optional.of(new Claim(jobId, chunk, first, count, model, provider));
    }

    /** Extends this replica's lease on a chunk; false when the chunk is no longer this replica's to run. */
    boolean renew(Connection c, Claim claim, String replica, long until) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE job_chunks SET lease_until = ? WHERE job_id = ? "
                + "AND chunk = ? AND lease_owner = ? AND state = 'running'")) {
            update.setLong(1, until);
            update.setString(2, claim.jobId());
            update.setInt(3, claim.chunk());
            update.setString(4, replica);
            return update.executeUpdate() == 1;
        }
    }

    /** Gives a chunk back for any replica to claim at once (shutdown); its sent rows will be resent. */
    void release(Connection c, Claim claim, String replica) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE job_chunks SET state = 'pending', "
                + "lease_owner = NULL, lease_until = 0 "
                + "WHERE job_id = ? AND chunk = ? AND lease_owner = ? AND state = 'running'")) {
            update.setString(1, claim.jobId());
            update.setInt(2, claim.chunk());
            update.setString(3, replica);
            update.executeUpdate();
        }
    }

    /** Adds to a chunk's resent and upstream call counters. */
    void addCalls(Connection c, List<Calls> counts) throws SQLException {
        // One JDBC batch: the driver sends it in one round trip, and a call waits on this transaction.
        try (PreparedStatement update = c.prepareStatement("UPDATE job_chunks SET resent = resent + ?, "
                + "upstream_calls = upstream_calls + ? WHERE job_id = ? AND chunk = ?")) {
            for (Calls count : counts) {
                update.setInt(1, count.resent());
                update.setInt(2, count.calls());
                update.setString(3, count.jobId());
                update.setInt(4, count.chunk());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Sets a chunk's row counts from its rows and, unless it was cancelled, marks it done. */
    void finish(Connection c, String jobId, int chunk) throws SQLException {
        count(c, jobId, chunk, "state = CASE WHEN state = 'cancelled' THEN state ELSE 'done' END, ", "");
    }

    /**
     * Sets a running chunk's row counts from its rows, so that progress moves while the chunk runs. Only while it is
     * running: a recount that waited for {@link #finish} must not overwrite the final counts with older ones.
     */
    void recount(Connection c, String jobId, int chunk) throws SQLException {
        count(c, jobId, chunk, "", " AND state = 'running'");
    }

    private void count(Connection c, String jobId, int chunk, String stateChange, String onlyIf) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE job_chunks SET " + stateChange
                + "done = (SELECT COUNT(*) FROM job_rows r WHERE r.job_id = job_chunks.job_id "
                + "  AND r.idx >= job_chunks.first_idx AND r.idx < job_chunks.first_idx + job_chunks.row_count "
                + "  AND r.state = 2), "
                + "ok = (SELECT COUNT(*) FROM job_rows r WHERE r.job_id = job_chunks.job_id "
                + "  AND r.idx >= job_chunks.first_idx AND r.idx < job_chunks.first_idx + job_chunks.row_count "
                + "  AND r.state = 2 AND r.error IS NULL), "
                + "failed = (SELECT COUNT(*) FROM job_rows r WHERE r.job_id = job_chunks.job_id "
                + "  AND r.idx >= job_chunks.first_idx AND r.idx < job_chunks.first_idx + job_chunks.row_count "
                + "  AND r.state = 2 AND r.error IS NOT NULL), "
                + "reused = (SELECT COUNT(*) FROM job_rows r WHERE r.job_id = job_chunks.job_id "
                + "  AND r.idx >= job_chunks.first_idx AND r.idx < job_chunks.first_idx + job_chunks.row_count "
                + "  AND r.reused) "
                + "WHERE job_id = ? AND (? < 0 OR chunk = ?)" + onlyIf)) {
            update.setString(1, jobId);
            update.setInt(2, chunk);
            update.setInt(3, chunk);
            update.executeUpdate();
        }
    }

    /** Cancels every chunk of a job that has not ended and recounts them all. */
    void cancelAll(Connection c, String jobId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE job_chunks SET state = 'cancelled' WHERE job_id = ? AND state <> 'done'")) {
            update.setString(1, jobId);
            update.executeUpdate();
        }
        finish(c, jobId, -1);
    }

    /** Deletes the chunks of a job. */
    void delete(Connection c, String jobId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM job_chunks WHERE job_id = ?")) {
            delete.setString(1, jobId);
            delete.executeUpdate();
        }
    }
}
