package dev.shortener.jobs;

import static dev.shortener.jobs.RowState.DONE;
import static dev.shortener.jobs.RowState.SENT;
import static dev.shortener.store.Jdbc.params;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.batch.BatchRow;
import dev.shortener.batch.RowResult;
import dev.shortener.store.Database;
import dev.shortener.store.Jdbc;
import dev.shortener.upstream.LinkFields;

/** The rows of jobs: stored in bulk as parsed, marked sent and done call by call, read back in input order. */
@ApplicationScoped
public class RowRepository {

    private static final int INSERT_BATCH = 1000;
    private static final String COLUMNS = "idx, line, cells_json, url, alias, input_error, state, tagged_url, "
            + "fields_json";

    private final ObjectMapper json;
    private final Database db;

    RowRepository(ObjectMapper json, Database db) {
        this.json = json;
        this.db = db;
    }

    /** A stored row and where its work stands. */
    record StoredRow(int idx, BatchRow row, RowState state) {
    }

    /** The outcome of one row, as written when it is done; {@code retryable}: a retry of the job runs it again. */
    record Done(String jobId, int idx, String shortUrl, String error, boolean reused, boolean retryable) {

        /** An outcome that a retry leaves as it is. */
        Done(String jobId, int idx, String shortUrl, String error, boolean reused) {
            this(jobId, idx, shortUrl, error, reused, false);
        }
    }

    /** One row of one job. */
    record Ref(String jobId, int idx) {
    }

    /** Inserts {@code rows} from index 0 in JDBC batches; answers how many were stored. */
    int insert(Connection c, String jobId, Iterator<BatchRow> rows) throws SQLException {
        return insert(c, jobId, rows, UnaryOperator.identity());
    }

    /** Inserts {@code rows}, each as {@code prepare} makes it (e.g. tagged with UTM parameters). */
    int insert(Connection c, String jobId, Iterator<BatchRow> rows, UnaryOperator<BatchRow> prepare)
            throws SQLException {
        int[] idx = { 0 };
        Jdbc.batch(c, "INSERT INTO job_rows (job_id, idx, line, cells_json, url, alias, input_error, tagged_url, "
                + "fields_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, INSERT_BATCH,
                given -> {
                    BatchRow row = prepare.apply(given);
                    return params(jobId, idx[0]++, row.line(), JsonColumns.write(json, row.cells()), row.url(),
                            row.alias(), row.inputError(), row.taggedUrl(), writeFields(row.fields()));
                });
        return idx[0];
    }

    /** The rows {@code [first, first + count)} of a job that are not done yet. */
    List<StoredRow> unfinished(Connection c, String jobId, int first, int count) throws SQLException {
        return Jdbc.query(c, "SELECT " + COLUMNS + " FROM job_rows WHERE job_id = ? AND idx >= ? AND idx < ? "
                + "AND state < ? ORDER BY idx", rs -> new StoredRow(rs.getInt(1), row(rs, 2), RowState.of(rs.getInt(7))),
                jobId, first, first + count, DONE.code());
    }

    /**
     * Marks rows sent (a crash from now on means their call may have reached the upstream); answers, per row, 1 when
     * it was marked and 0 when it was already done (e.g. cancelled).
     */
    int[] markSent(Connection c, List<Ref> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        if (db.embedded()) {
            return Jdbc.batch(c, "UPDATE job_rows SET state = ? WHERE job_id = ? AND idx = ? AND state < ?", rows,
                    row -> params(SENT.code(), row.jobId(), row.idx(), DONE.code()));
        }
        // PostgreSQL: one statement per job with the indexes as an array, instead of one statement per row (the
        // per-statement cost was most of the database's CPU per row).
        Set<Ref> marked = new HashSet<>();
        for (Map.Entry<String, List<Ref>> job : byJob(rows, Ref::jobId).entrySet()) {
            Object[] idx = job.getValue().stream().map(Ref::idx).toArray();
            marked.addAll(Jdbc.query(c, "UPDATE job_rows SET state = ? WHERE job_id = ? AND idx = ANY(?) "
                    + "AND state < ? RETURNING idx", rs -> new Ref(job.getKey(), rs.getInt(1)), SENT.code(),
                    job.getKey(), Jdbc.array(c, "int4", idx), DONE.code()));
        }
        return rows.stream().mapToInt(row -> marked.contains(row) ? 1 : 0).toArray();
    }

    /** Writes outcomes; a row already done (e.g. cancelled) keeps its first outcome. */
    void markDone(Connection c, Collection<Done> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (db.embedded()) {
            Jdbc.batch(c, "UPDATE job_rows SET state = ?, short_url = ?, error = ?, reused = ?, retryable = ? "
                    + "WHERE job_id = ? AND idx = ? AND state < ?", rows,
                    row -> params(DONE.code(), row.shortUrl(), row.error(), row.reused(), row.retryable(),
                            row.jobId(), row.idx(), DONE.code()));
            return;
        }
        Jdbc.batch(c, "UPDATE job_rows r SET state = ?, short_url = u.short_url, error = u.error, reused = u.reused, "
                + "retryable = u.retryable FROM unnest(?::int4[], ?::text[], ?::text[], ?::bool[], ?::bool[]) "
                + "AS u(idx, short_url, error, reused, retryable) "
                + "WHERE r.job_id = ? AND r.idx = u.idx AND r.state < ?", byJob(rows, Done::jobId).entrySet(),
                job -> params(DONE.code(),
                        Jdbc.array(c, "int4", job.getValue().stream().map(Done::idx).toArray()),
                        Jdbc.array(c, "text", job.getValue().stream().map(Done::shortUrl).toArray()),
                        Jdbc.array(c, "text", job.getValue().stream().map(Done::error).toArray()),
                        Jdbc.array(c, "bool", job.getValue().stream().map(Done::reused).toArray()),
                        Jdbc.array(c, "bool", job.getValue().stream().map(Done::retryable).toArray()),
                        job.getKey(), DONE.code()));
    }

    /** Ends every row of a job that is not done yet with {@code error}, which a retry of the job runs again. */
    int endUnfinished(Connection c, String jobId, String error) throws SQLException {
        return Jdbc.update(c, "UPDATE job_rows SET state = ?, error = ?, retryable = TRUE WHERE job_id = ? "
                + "AND state < ?", DONE.code(), error, jobId, DONE.code());
    }

    /** Opens again the rows of a job that ended with a retryable error; answers how many. */
    int reopenRetryable(Connection c, String jobId) throws SQLException {
        return Jdbc.update(c, "UPDATE job_rows SET state = ?, short_url = NULL, error = NULL, retryable = FALSE "
                + "WHERE job_id = ? AND state = ? AND retryable", RowState.PENDING.code(), jobId, DONE.code());
    }

    /** Receives result rows one at a time. */
    @FunctionalInterface
    interface ResultSink {
        /** Takes one row. */
        void accept(RowResult row) throws IOException;
    }

    /**
     * Streams a job's rows in input order to {@code sink} with a database cursor (constant memory); rows not done are
     * left out. The connection must not be in auto-commit mode for PostgreSQL to use a cursor.
     */
    void results(Connection c, String jobId, ResultSink sink) throws SQLException, IOException {
        Jdbc.<IOException> forEach(c, "SELECT " + COLUMNS + ", short_url, error FROM job_rows WHERE job_id = ? "
                + "ORDER BY idx", INSERT_BATCH, rs -> {
                    if (rs.getInt(7) != DONE.code()) {
                        return;
                    }
                    String shortUrl = rs.getString(10);
                    String error = rs.getString(11);
                    sink.accept(new RowResult(row(rs, 2), error == null ? shortUrl : null,
                            error == null && shortUrl == null ? "internal error: no outcome for this row" : error));
                }, jobId);
    }

    private static <T> Map<String, List<T>> byJob(Collection<T> rows, Function<T, String> job) {
        return rows.stream().collect(Collectors.groupingBy(job, LinkedHashMap::new, Collectors.toList()));
    }

    private BatchRow row(ResultSet rs, int first) throws SQLException {
        return new BatchRow(rs.getInt(first), JsonColumns.read(json, rs.getString(first + 1), JsonColumns.STRINGS),
                rs.getString(first + 2), rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 6),
                readFields(rs.getString(first + 7)));
    }

    private String writeFields(LinkFields fields) {
        return fields.isEmpty() ? null : fields.writeTo(json.createObjectNode()).toString();
    }

    private LinkFields readFields(String text) {
        return text == null ? LinkFields.NONE : LinkFields.readFrom(JsonColumns.read(json, text, JsonColumns.TREE));
    }
}
