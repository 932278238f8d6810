package dev.shortener.jobs;

import static dev.shortener.jobs.ChunkState.CANCELLED;
import static dev.shortener.jobs.ChunkState.DONE;
import static dev.shortener.jobs.ChunkState.PENDING;
import static dev.shortener.jobs.ChunkState.RUNNING;
import static dev.shortener.store.Jdbc.params;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.store.Database;
import dev.shortener.store.Jdbc;

/**
 * The chunks of jobs: claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, renewed while they run, taken over by
 * any replica once a lease has expired, and counted when they end.
 */
@ApplicationScoped
public class ChunkRepository {

    /** Candidate jobs per claim on the embedded engine. */
    private static final int CANDIDATES = 20;
    private static final String CLAIMABLE = "(c.state = ? OR (c.state = ? AND c.lease_until < ?))";
    /**
     * PostgreSQL: pick, lease and start in one statement. Jobs this replica already runs least go first (a small job
     * is not starved by a huge one), then the job least recently claimed from, so that replicas take turns.
     */
    private static final String CLAIM = "WITH picked AS MATERIALIZED (SELECT c.job_id, c.chunk FROM job_chunks c "
            + "JOIN jobs j ON j.id = c.job_id "
            + "LEFT JOIN unnest(?::text[], ?::int8[]) AS here(job_id, chunks) ON here.job_id = c.job_id "
            + "WHERE j.state IN (?, ?) AND " + CLAIMABLE + " "
            + "ORDER BY COALESCE(here.chunks, 0), j.last_claim_at, j.seq, c.chunk LIMIT 1 FOR UPDATE OF c SKIP LOCKED), "
            + "claimed AS (UPDATE job_chunks SET state = ?, lease_owner = ?, lease_until = ? "
            + "WHERE (job_id, chunk) IN (SELECT job_id, chunk FROM picked) RETURNING job_id, chunk, first_idx, row_count), "
            + "started AS (UPDATE jobs SET state = ?, last_claim_at = ?, started_at = COALESCE(started_at, ?) "
            + "WHERE id IN (SELECT job_id FROM claimed) AND state IN (?, ?) RETURNING id, model, provider) "
            + "SELECT k.job_id, k.chunk, k.first_idx, k.row_count, s.model, s.provider "
            + "FROM claimed k LEFT JOIN started s ON s.id = k.job_id";
    private static final String ROWS_OF_CHUNK = "FROM job_rows r WHERE r.job_id = job_chunks.job_id "
            + "AND r.idx >= job_chunks.first_idx AND r.idx < job_chunks.first_idx + job_chunks.row_count";
    private static final String DONE_ROW = " AND r.state = " + RowState.DONE.code();
    private static final String COUNTS = "done = (SELECT COUNT(*) " + ROWS_OF_CHUNK + DONE_ROW + "), "
            + "ok = (SELECT COUNT(*) " + ROWS_OF_CHUNK + DONE_ROW + " AND r.error IS NULL), "
            + "failed = (SELECT COUNT(*) " + ROWS_OF_CHUNK + DONE_ROW + " AND r.error IS NOT NULL), "
            + "reused = (SELECT COUNT(*) " + ROWS_OF_CHUNK + " AND r.reused) ";

    private final Database db;

    ChunkRepository(Database db) {
        this.db = db;
    }

    /** Upstream calls started for a chunk's rows, of which {@code resent} were sent before a crash too. */
    record Calls(ChunkKey chunk, int resent, int calls) {
    }

    /** A chunk leased to this replica. */
    record Claim(String jobId, int chunk, int firstIdx, int rowCount, String model, String provider) {

        /** Which chunk this is. */
        ChunkKey key() {
            return new ChunkKey(jobId, chunk);
        }
    }

    /** Inserts the chunks of a job of {@code total} rows. */
    void insert(Connection c, String jobId, int total, int chunkSize) throws SQLException {
        List<Integer> numbers = IntStream.range(0, (total + chunkSize - 1) / chunkSize).boxed().toList();
        Jdbc.batch(c, "INSERT INTO job_chunks (job_id, chunk, first_idx, row_count, state) VALUES (?, ?, ?, ?, ?)",
                numbers, chunk -> params(jobId, chunk, chunk * chunkSize,
                        Math.min(chunkSize, total - chunk * chunkSize), PENDING.id()));
    }

    /**
     * Leases to {@code replica} one chunk that is pending or whose lease has expired, of a job that has not ended, in
     * the caller's transaction; chunks locked by another replica's claim are skipped, not waited for.
     * {@code runningHere} is how many chunks of each job this replica runs: jobs it runs least go first.
     */
    Optional<Claim> claim(Connection c, String replica, long now, long leaseMillis, Map<String, Long> runningHere)
            throws SQLException {
        if (db.embedded()) {
            return claimEmbedded(c, replica, now, leaseMillis, runningHere);
        }
        Optional<Claim> claim = Jdbc.queryFirst(c, CLAIM, ChunkRepository::claimOf,
                Jdbc.array(c, "text", runningHere.keySet().toArray()),
                Jdbc.array(c, "int8", runningHere.values().toArray()),
                JobState.QUEUED.id(), JobState.RUNNING.id(), PENDING.id(), RUNNING.id(), now,
                RUNNING.id(), replica, now + leaseMillis,
                JobState.RUNNING.id(), now, now, JobState.QUEUED.id(), JobState.RUNNING.id());
        if (claim.isPresent() && claim.get().model() == null) {
            c.rollback(); // its job ended meanwhile: the chunk stays as it was
            return Optional.empty();
        }
        return claim;
    }

    /** The embedded engine (one replica): candidate jobs in turn, then the first claimable chunk of each. */
    private Optional<Claim> claimEmbedded(Connection c, String replica, long now, long leaseMillis,
            Map<String, Long> runningHere) throws SQLException {
        List<String> candidates = Jdbc.query(c, "SELECT id FROM jobs WHERE state IN (?, ?) "
                + "ORDER BY last_claim_at, seq LIMIT ?", rs -> rs.getString(1), JobState.QUEUED.id(),
                JobState.RUNNING.id(), CANDIDATES);
        List<String> inTurn = candidates.stream()
                .sorted(Comparator.comparingLong(id -> runningHere.getOrDefault(id, 0L))).toList();
        for (String jobId : inTurn) {
            Optional<Claim> chunk = Jdbc.queryFirst(c, "SELECT c.job_id, c.chunk, c.first_idx, c.row_count, "
                    + "j.model, j.provider FROM job_chunks c JOIN jobs j ON j.id = c.job_id WHERE c.job_id = ? AND "
                    + CLAIMABLE + " ORDER BY c.chunk LIMIT 1 FOR UPDATE SKIP LOCKED", ChunkRepository::claimOf,
                    jobId, PENDING.id(), RUNNING.id(), now);
            if (chunk.isPresent() && Jdbc.update(c, "UPDATE jobs SET state = ?, last_claim_at = ?, "
                    + "started_at = COALESCE(started_at, ?) WHERE id = ? AND state IN (?, ?)", JobState.RUNNING.id(),
                    now, now, jobId, JobState.QUEUED.id(), JobState.RUNNING.id()) == 1) {
                Jdbc.update(c, "UPDATE job_chunks SET state = ?, lease_owner = ?, lease_until = ? "
                        + "WHERE job_id = ? AND chunk = ?", RUNNING.id(), replica, now + leaseMillis, jobId,
                        chunk.get().chunk());
                return chunk;
            }
        }
        return Optional.empty();
    }

    private static Claim claimOf(ResultSet rs) throws SQLException {
        return new Claim(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                rs.getString(6));
    }

    /**
     * Extends this replica's leases on {@code claims} in one batch; answers, per claim, whether it is still this
     * replica's to run.
     */
    boolean[] renew(Connection c, List<Claim> claims, String replica, long until) throws SQLException {
        int[] renewed = Jdbc.batch(c, "UPDATE job_chunks SET lease_until = ? WHERE job_id = ? AND chunk = ? "
                + "AND lease_owner = ? AND state = ?", claims,
                claim -> params(until, claim.jobId(), claim.chunk(), replica, RUNNING.id()));
        boolean[] kept = new boolean[claims.size()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = renewed[i] == 1;
        }
        return kept;
    }

    /** Gives a chunk back for any replica to claim at once (shutdown); its sent rows will be resent. */
    void release(Connection c, Claim claim, String replica) throws SQLException {
        Jdbc.update(c, "UPDATE job_chunks SET state = ?, lease_owner = NULL, lease_until = 0 "
                + "WHERE job_id = ? AND chunk = ? AND lease_owner = ? AND state = ?", PENDING.id(), claim.jobId(),
                claim.chunk(), replica, RUNNING.id());
    }

    /** Adds to chunks' resent and upstream call counters. */
    void addCalls(Connection c, List<Calls> counts) throws SQLException {
        // One JDBC batch: the driver sends it in one round trip, and a call waits on this transaction.
        Jdbc.batch(c, "UPDATE job_chunks SET resent = resent + ?, upstream_calls = upstream_calls + ? "
                + "WHERE job_id = ? AND chunk = ?", counts,
                count -> params(count.resent(), count.calls(), count.chunk().jobId(), count.chunk().chunk()));
    }

    /** Sets a chunk's row counts from its rows and, unless it was cancelled, marks it done. */
    void finish(Connection c, ChunkKey chunk) throws SQLException {
        Jdbc.update(c, "UPDATE job_chunks SET state = CASE WHEN state = ? THEN state ELSE ? END, " + COUNTS
                + "WHERE job_id = ? AND chunk = ?", CANCELLED.id(), DONE.id(), chunk.jobId(), chunk.chunk());
    }

    /**
     * Sets running chunks' row counts from their rows in one batch, so that progress moves while they run. Only while
     * running: a recount that waited for {@link #finish} must not overwrite the final counts with older ones.
     */
    void recount(Connection c, Collection<ChunkKey> running) throws SQLException {
        Jdbc.batch(c, "UPDATE job_chunks SET " + COUNTS + "WHERE job_id = ? AND chunk = ? AND state = ?", running,
                chunk -> params(chunk.jobId(), chunk.chunk(), RUNNING.id()));
    }

    /** Cancels every chunk of a job that has not ended and recounts them all. */
    void cancelAll(Connection c, String jobId) throws SQLException {
        Jdbc.update(c, "UPDATE job_chunks SET state = CASE WHEN state = ? THEN state ELSE ? END, " + COUNTS
                + "WHERE job_id = ?", DONE.id(), CANCELLED.id(), jobId);
    }

    /**
     * Makes every chunk of a job that has rows not done claimable again (by any replica), and recounts them; answers
     * how many.
     */
    int reopen(Connection c, String jobId) throws SQLException {
        return Jdbc.update(c, "UPDATE job_chunks SET state = ?, lease_owner = NULL, lease_until = 0, " + COUNTS
                + "WHERE job_id = ? AND EXISTS (SELECT 1 " + ROWS_OF_CHUNK + " AND r.state < "
                + RowState.DONE.code() + ")", PENDING.id(), jobId);
    }
}
