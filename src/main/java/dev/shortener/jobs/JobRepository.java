package dev.shortener.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.batch.Batch;

/** Jobs as records: created, looked up by owner, listed newest first, cancelled, finished and expired. */
@ApplicationScoped
public class JobRepository {

    private static final String STATUS_COLUMNS = "j.seq, j.id, j.state, j.model, j.provider, j.total, j.created_at, "
            + "j.started_at, j.finished_at, j.error, "
            + "(SELECT COALESCE(SUM(done), 0) FROM job_chunks c WHERE c.job_id = j.id), "
            + "(SELECT COALESCE(SUM(ok), 0) FROM job_chunks c WHERE c.job_id = j.id), "
            + "(SELECT COALESCE(SUM(failed), 0) FROM job_chunks c WHERE c.job_id = j.id), "
            + "(SELECT COALESCE(SUM(reused), 0) FROM job_chunks c WHERE c.job_id = j.id), "
            + "(SELECT COALESCE(SUM(resent), 0) FROM job_chunks c WHERE c.job_id = j.id), "
            + "(SELECT COALESCE(SUM(upstream_calls), 0) FROM job_chunks c WHERE c.job_id = j.id)";

    private final ObjectMapper json;

    JobRepository(ObjectMapper json) {
        this.json = json;
    }

    /** What a new job is, once its body has been read. */
    record NewJob(String id, String owner, String model, String provider, Batch.InputFormat format,
            List<String> columns, int total, int chunkSize, String idempotencyKey, String bodyHash) {
    }

    /** What the result of a job needs. */
    record Stored(String id, JobState state, Batch.InputFormat format, List<String> columns) {
    }

    /** A job already created with an Idempotency-Key. */
    record Keyed(String id, String bodyHash) {
    }

    /** A page of statuses and the cursor of the next page, or null. */
    public record Page(List<JobStatus> jobs, String next) {
    }

    /** Inserts a job: queued, or succeeded at once when it has no rows. */
    void insert(Connection c, NewJob job, long now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO jobs (id, owner, state, model, provider, "
                + "format, columns_json, total, chunk_size, created_at, started_at, finished_at, idempotency_key, "
                + "body_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            boolean empty = job.total() == 0;
            insert.setString(1, job.id());
            insert.setString(2, job.owner());
            insert.setString(3, (empty ? JobState.SUCCEEDED : JobState.QUEUED).id());
            insert.setString(4, job.model());
            insert.setString(5, job.provider());
            insert.setString(6, job.format().name());
            insert.setString(7, write(job.columns()));
            insert.setInt(8, job.total());
            insert.setInt(9, job.chunkSize());
            insert.setLong(10, now);
            insert.setObject(11, empty ? now : null, Types.BIGINT);
            insert.setObject(12, empty ? now : null, Types.BIGINT);
            insert.setString(13, job.idempotencyKey());
            insert.setString(14, job.bodyHash());
            insert.executeUpdate();
        }
    }

    /** The job created by {@code owner} with {@code key} since {@code notBefore}. */
    Optional<Keyed> byIdempotencyKey(Connection c, String owner, String key, long notBefore) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, body_hash FROM jobs WHERE owner = ? "
                + "AND idempotency_key = ? AND created_at >= ?")) {
            select.setString(1, owner);
            select.setString(2, key);
            select.setLong(3, notBefore);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Keyed(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Forgets {@code owner}'s Idempotency-Key {@code key} if it is older than {@code before}: it may be used again. */
    void forgetKey(Connection c, String owner, String key, long before) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET idempotency_key = NULL "
                + "WHERE owner = ? AND idempotency_key = ? AND created_at < ?")) {
            update.setString(1, owner);
            update.setString(2, key);
            update.setLong(3, before);
            update.executeUpdate();
        }
    }

    /** Forgets Idempotency-Keys older than {@code before}, so that the key can be used again. */
    int forgetKeys(Connection c, long before) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET idempotency_key = NULL "
                + "WHERE idempotency_key IS NOT NULL AND created_at < ?")) {
            update.setLong(1, before);
            return update.executeUpdate();
        }
    }

    /** The status of a job of {@code owner}. */
    Optional<JobStatus> status(Connection c, String id, String owner) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + STATUS_COLUMNS
                + " FROM jobs j WHERE j.id = ? AND j.owner = ?")) {
            select.setString(1, id);
            select.setString(2, owner);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(status(rs)) : Optional.empty();
            }
        }
    }

    /** A job of {@code owner}, for its result. */
    Optional<Stored> stored(Connection c, String id, String owner) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT state, format, columns_json FROM jobs "
                + "WHERE id = ? AND owner = ?")) {
            select.setString(1, id);
            select.setString(2, owner);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(id, JobState.parse(rs.getString(1)).orElseThrow(),
                        Batch.InputFormat.valueOf(rs.getString(2)), read(rs.getString(3))));
            }
        }
    }

    /** Jobs of {@code owner}, newest first, after the cursor {@code afterSeq} (exclusive) when given. */
    Page list(Connection c, String owner, Optional<JobState> state, int limit, Optional<Long> afterSeq)
            throws SQLException {
        String sql = "SELECT " + STATUS_COLUMNS + " FROM jobs j WHERE j.owner = ?"
                + (state.isPresent() ? " AND j.state = ?" : "") + (afterSeq.isPresent() ? " AND j.seq < ?" : "")
                + " ORDER BY j.seq DESC LIMIT ?";
        try (PreparedStatement select = c.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, owner);
            if (state.isPresent()) {
                select.setString(p++, state.get().id());
            }
            if (afterSeq.isPresent()) {
                select.setLong(p++, afterSeq.get());
            }
            select.setInt(p, limit + 1);
            List<JobStatus> jobs = new ArrayList<>();
            long lastSeq = 0;
            boolean more = false;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (jobs.size() == limit) {
                        more = true;
                        break;
                    }
                    lastSeq = rs.getLong(1);
                    jobs.add(status(rs));
                }
            }
            return new Page(jobs, more ? Long.toString(lastSeq) : null);
        }
    }

    /** Moves a job that has not ended to {@code state}; false when it had already ended. */
    boolean end(Connection c, String id, JobState state, String error, long now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET state = ?, error = ?, finished_at = ? "
                + "WHERE id = ? AND state IN ('queued', 'running')")) {
            update.setString(1, state.id());
            update.setString(2, error);
            update.setLong(3, now);
            update.setString(4, id);
            return update.executeUpdate() == 1;
        }
    }

    /** Marks a running job succeeded once none of its chunks is left; true when this call did it. */
    boolean succeedIfComplete(Connection c, String id, long now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET state = 'succeeded', finished_at = ? "
                + "WHERE id = ? AND state = 'running' AND NOT EXISTS "
                + "(SELECT 1 FROM job_chunks c WHERE c.job_id = ? AND c.state <> 'done')")) {
            update.setLong(1, now);
            update.setString(2, id);
            update.setString(3, id);
            return update.executeUpdate() == 1;
        }
    }

    /** The ids of jobs that are cancelled among {@code ids}. */
    List<String> cancelled(Connection c, List<String> ids) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String id : ids) {
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM jobs WHERE id = ? AND state = ?")) {
                select.setString(1, id);
                select.setString(2, JobState.CANCELLED.id());
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        found.add(id);
                    }
                }
            }
        }
        return found;
    }

    /** Ids of jobs that finished before {@code before}. */
    List<String> expired(Connection c, long before) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id FROM jobs WHERE finished_at IS NOT NULL AND finished_at < ? LIMIT 100")) {
            select.setLong(1, before);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Deletes a job record. */
    void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM jobs WHERE id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }

    private static JobStatus status(ResultSet rs) throws SQLException {
        long total = rs.getLong(6);
        Instant created = Instant.ofEpochMilli(rs.getLong(7));
        Instant started = instant(rs, 8);
        Instant finished = instant(rs, 9);
        long done = rs.getLong(11);
        JobStatus.Rows rows = new JobStatus.Rows(total, done, rs.getLong(12), rs.getLong(13), rs.getLong(14),
                rs.getLong(15));
        double rate = 0;
        Long eta = null;
        if (started != null) {
            Instant until = finished != null ? finished : Instant.now();
            double seconds = Math.max(0.001, (until.toEpochMilli() - started.toEpochMilli()) / 1000.0);
            rate = Math.round(done / seconds * 10) / 10.0;
            if (finished == null && rate > 0) {
                eta = (long) Math.ceil((total - done) / rate);
            }
        }
        JobState state = JobState.parse(rs.getString(3)).orElseThrow();
        return new JobStatus(rs.getString(2), state, rs.getString(4), rs.getString(5), rows, rs.getLong(16), created,
                started, finished, rate, state.finished() ? Long.valueOf(0) : eta, rs.getString(10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private String write(List<String> columns) {
        try {
            return json.writeValueAsString(columns);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serializes", e);
        }
    }

    private List<String> read(String columns) {
        try {
            return json.readValue(columns, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("columns_json is written by this class only", e);
        }
    }
}
