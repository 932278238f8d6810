package dev.shortener.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.batch.Batch;
import dev.shortener.store.Jdbc;

/** Jobs as records: created, looked up by owner, listed newest first, cancelled, finished and expired. */
@ApplicationScoped
public class JobRepository {

    private static final String STATUS_COLUMNS = "j.seq, j.id, j.state, j.model, j.provider, j.total, j.created_at, "
            + "j.started_at, j.finished_at, j.error, "
            + chunkSums("done", "ok", "failed", "reused", "resent", "upstream_calls")
            + "j.callback_url, " + lastDelivery("state") + ", " + lastDelivery("attempts") + ", "
            + lastDelivery("last_status");

    private final ObjectMapper json;

    /** The sums of counters over the job's chunks, each followed by a comma. */
    private static String chunkSums(String... counters) {
        return Stream.of(counters)
                .map(n -> "(SELECT COALESCE(SUM(" + n + "), 0) FROM job_chunks c WHERE c.job_id = j.id), ")
                .collect(Collectors.joining());
    }

    /** A column of the job's latest webhook delivery (a retried job has one per end). */
    private static String lastDelivery(String column) {
        return "(SELECT o." + column + " FROM webhook_outbox o WHERE o.job_id = j.id ORDER BY o.seq DESC LIMIT 1)";
    }

    JobRepository(ObjectMapper json) {
        this.json = json;
    }

    /** What a new job is, once its body has been read; {@code utm} is empty without UTM parameters. */
    record NewJob(String id, String owner, String model, String provider, Batch.InputFormat format,
            List<String> columns, int total, int chunkSize, String idempotencyKey, String bodyHash,
            Map<String, String> utm, boolean linkFields, String callbackUrl) {

        /** A job without UTM parameters, link fields or webhook. */
        NewJob(String id, String owner, String model, String provider, Batch.InputFormat format,
                List<String> columns, int total, int chunkSize, String idempotencyKey, String bodyHash) {
            this(id, owner, model, provider, format, columns, total, chunkSize, idempotencyKey, bodyHash, Map.of(),
                    false, null);
        }
    }

    /** A job that has just ended, and its webhook URL or null. */
    record Ended(JobStatus status, String callbackUrl) {
    }

    /** What the result of a job needs: its optional columns are those of its submission. */
    record Stored(String id, JobState state, Batch.InputFormat format, List<String> columns, String provider,
            boolean taggedUrl, boolean linkFields) {
    }

    /** A job already created with an Idempotency-Key. */
    record Keyed(String id, String bodyHash) {
    }

    /** A page of statuses and the cursor of the next page, or null. */
    public record Page(List<JobStatus> jobs, String next) {
    }

    /** Inserts a job: queued, or succeeded at once when it has no rows. */
    void insert(Connection c, NewJob job, long now) throws SQLException {
        boolean empty = job.total() == 0;
        Object finished = empty ? Long.valueOf(now) : Jdbc.nullOf(Types.BIGINT);
        Jdbc.update(c, "INSERT INTO jobs (id, owner, state, model, provider, format, columns_json, total, chunk_size, "
                + "created_at, started_at, finished_at, idempotency_key, body_hash, utm_json, link_fields, "
                + "callback_url) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", job.id(), job.owner(),
                (empty ? JobState.SUCCEEDED : JobState.QUEUED).id(), job.model(), job.provider(), job.format().name(),
                JsonColumns.write(json, job.columns()), job.total(), job.chunkSize(), now, finished, finished,
                job.idempotencyKey(), job.bodyHash(), job.utm().isEmpty() ? null : JsonColumns.write(json, job.utm()),
                job.linkFields(), job.callbackUrl());
    }

    /** The job created by {@code owner} with {@code key} since {@code notBefore}. */
    Optional<Keyed> byIdempotencyKey(Connection c, String owner, String key, long notBefore) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT id, body_hash FROM jobs WHERE owner = ? AND idempotency_key = ? "
                + "AND created_at >= ?", rs -> new Keyed(rs.getString(1), rs.getString(2)), owner, key, notBefore);
    }

    /** Forgets {@code owner}'s Idempotency-Key {@code key} if it is older than {@code before}: it may be used again. */
    void forgetKey(Connection c, String owner, String key, long before) throws SQLException {
        Jdbc.update(c, "UPDATE jobs SET idempotency_key = NULL WHERE owner = ? AND idempotency_key = ? "
                + "AND created_at < ?", owner, key, before);
    }

    /** Forgets Idempotency-Keys older than {@code before}, so that the key can be used again. */
    int forgetKeys(Connection c, long before) throws SQLException {
        return Jdbc.update(c, "UPDATE jobs SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL "
                + "AND created_at < ?", before);
    }

    /** The status of a job of {@code owner}. */
    Optional<JobStatus> status(Connection c, String id, String owner) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT " + STATUS_COLUMNS + " FROM jobs j WHERE j.id = ? AND j.owner = ?",
                JobRepository::status, id, owner);
    }

    /** The status of a job whoever owns it, and its webhook URL. */
    Optional<Ended> ended(Connection c, String id) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT " + STATUS_COLUMNS + " FROM jobs j WHERE j.id = ?",
                rs -> new Ended(status(rs), rs.getString(17)), id);
    }

    /** A job of {@code owner}, for its result. */
    Optional<Stored> stored(Connection c, String id, String owner) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT state, format, columns_json, provider, utm_json, link_fields FROM jobs "
                + "WHERE id = ? AND owner = ?", rs -> new Stored(id, JobState.parse(rs.getString(1)).orElseThrow(),
                        Batch.InputFormat.valueOf(rs.getString(2)),
                        JsonColumns.read(json, rs.getString(3), JsonColumns.STRINGS), rs.getString(4),
                        rs.getString(5) != null, rs.getBoolean(6)), id, owner);
    }

    /** Jobs of {@code owner}, newest first, after the cursor {@code afterSeq} (exclusive) when given. */
    Page list(Connection c, String owner, Optional<JobState> state, int limit, Optional<Long> afterSeq)
            throws SQLException {
        String sql = "SELECT " + STATUS_COLUMNS + " FROM jobs j WHERE j.owner = ?"
                + (state.isPresent() ? " AND j.state = ?" : "") + (afterSeq.isPresent() ? " AND j.seq < ?" : "")
                + " ORDER BY j.seq DESC LIMIT ?";
        List<Object> params = new ArrayList<>(List.of(owner));
        state.ifPresent(s -> params.add(s.id()));
        afterSeq.ifPresent(params::add);
        params.add(limit + 1);
        record Listed(long seq, JobStatus status) {
        }
        List<Listed> found = Jdbc.query(c, sql, rs -> new Listed(rs.getLong(1), status(rs)), params.toArray());
        boolean more = found.size() > limit;
        List<Listed> page = more ? found.subList(0, limit) : found;
        return new Page(page.stream().map(Listed::status).toList(),
                more ? Long.toString(page.get(page.size() - 1).seq()) : null);
    }

    /** Moves a job that has not ended to {@code state}; false when it had already ended. */
    boolean end(Connection c, String id, JobState state, String error, long now) throws SQLException {
        return Jdbc.update(c, "UPDATE jobs SET state = ?, error = ?, finished_at = ? WHERE id = ? AND state IN (?, ?)",
                state.id(), error, now, id, JobState.QUEUED.id(), JobState.RUNNING.id()) == 1;
    }

    /** Moves a job that has ended back to running (its rows to retry are open again); false when it had not ended. */
    boolean reopen(Connection c, String id) throws SQLException {
        return Jdbc.update(c, "UPDATE jobs SET state = ?, error = NULL, finished_at = NULL WHERE id = ? "
                + "AND state IN (?, ?, ?)", JobState.RUNNING.id(), id, JobState.SUCCEEDED.id(), JobState.FAILED.id(),
                JobState.CANCELLED.id()) == 1;
    }

    /** Marks a running job succeeded once none of its chunks is left; true when this call did it. */
    boolean succeedIfComplete(Connection c, String id, long now) throws SQLException {
        return Jdbc.update(c, "UPDATE jobs SET state = ?, finished_at = ? WHERE id = ? AND state = ? AND NOT EXISTS "
                + "(SELECT 1 FROM job_chunks c WHERE c.job_id = ? AND c.state <> ?)", JobState.SUCCEEDED.id(), now, id,
                JobState.RUNNING.id(), id, ChunkState.DONE.id()) == 1;
    }

    /** Ids of jobs that finished before {@code before}. */
    List<String> expired(Connection c, long before) throws SQLException {
        return Jdbc.query(c, "SELECT id FROM jobs WHERE finished_at IS NOT NULL AND finished_at < ? LIMIT 100",
                rs -> rs.getString(1), before);
    }

    /** Deletes a job with its rows and chunks (no foreign key cascades: the schema has none). */
    void delete(Connection c, String id) throws SQLException {
        for (String table : List.of("job_rows", "job_chunks")) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE job_id = ?", id);
        }
        Jdbc.update(c, "DELETE FROM jobs WHERE id = ?", id);
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
                started, finished, rate, state.finished() ? Long.valueOf(0) : eta, rs.getString(10), null,
                callback(rs));
    }

    /** The webhook's delivery state: pending until the job's end has been delivered (or given up on). */
    private static JobStatus.Callback callback(ResultSet rs) throws SQLException {
        String url = rs.getString(17);
        if (url == null) {
            return null;
        }
        String state = rs.getString(18);
        int lastStatus = rs.getInt(20);
        Integer last = rs.wasNull() ? null : lastStatus;
        return new JobStatus.Callback(url, state == null ? "pending" : state, rs.getInt(19), last);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
