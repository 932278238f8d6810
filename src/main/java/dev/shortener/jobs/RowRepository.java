package dev.shortener.jobs;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.shortener.batch.BatchRow;
import dev.shortener.batch.RowResult;
import dev.shortener.store.Database;

/** The rows of jobs: stored in bulk as parsed, marked sent and done call by call, read back in input order. */
@ApplicationScoped
public class RowRepository {

    /** Row states, as stored. */
    static final int PENDING = 0;
    static final int SENT = 1;
    static final int DONE = 2;

    private static final int INSERT_BATCH = 1000;
    private static final TypeReference<List<String>> CELLS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final Database db;

    RowRepository(ObjectMapper json, Database db) {
        this.json = json;
        this.db = db;
    }

    /** A stored row and where its work stands. */
    record StoredRow(int idx, BatchRow row, int state) {
    }

    /** The outcome of one row, as written when it is done. */
    record Done(String jobId, int idx, String shortUrl, String error, boolean reused) {
    }

    /** One row of one job. */
    record Ref(String jobId, int idx) {
    }

    /** Inserts {@code rows} from index 0 in JDBC batches; answers how many were stored. */
    int insert(Connection c, String jobId, Iterator<BatchRow> rows) throws SQLException {
        int idx = 0;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO job_rows (job_id, idx, line, cells_json, url, "
                + "alias, input_error) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            while (rows.hasNext()) {
                BatchRow row = rows.next();
                insert.setString(1, jobId);
                insert.setInt(2, idx++);
                insert.setInt(3, row.line());
                insert.setString(4, write(row.cells()));
                insert.setString(5, row.url());
                insert.setString(6, row.alias());
                insert.setString(7, row.inputError());
                insert.addBatch();
                if (idx % INSERT_BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return idx;
    }

    /** The rows {@code [first, first + count)} of a job that are not done yet. */
    List<StoredRow> unfinished(Connection c, String jobId, int first, int count) throws SQLException {
        List<StoredRow> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT idx, line, cells_json, url, alias, input_error, "
                + "state FROM job_rows WHERE job_id = ? AND idx >= ? AND idx < ? AND state < ? ORDER BY idx")) {
            select.setString(1, jobId);
            select.setInt(2, first);
            select.setInt(3, first + count);
            select.setInt(4, DONE);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredRow(rs.getInt(1), row(rs, 2), rs.getInt(7)));
                }
            }
        }
        return rows;
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
            return markSentRowByRow(c, rows);
        }
        // PostgreSQL: one statement per job with the indexes as an array, instead of one statement per row (the
        // per-statement cost was most of the database's CPU per row).
        Map<String, Set<Integer>> marked = new HashMap<>();
        Map<String, List<Integer>> byJob = new LinkedHashMap<>();
        rows.forEach(row -> byJob.computeIfAbsent(row.jobId(), job -> new ArrayList<>()).add(row.idx()));
        try (PreparedStatement update = c.prepareStatement("UPDATE job_rows SET state = ? WHERE job_id = ? "
                + "AND idx = ANY(?) AND state < ? RETURNING idx")) {
            for (Map.Entry<String, List<Integer>> job : byJob.entrySet()) {
                update.setInt(1, SENT);
                update.setString(2, job.getKey());
                update.setArray(3, c.createArrayOf("int4", job.getValue().toArray()));
                update.setInt(4, DONE);
                Set<Integer> jobMarked = marked.computeIfAbsent(job.getKey(), k -> new HashSet<>());
                try (ResultSet rs = update.executeQuery()) {
                    while (rs.next()) {
                        jobMarked.add(rs.getInt(1));
                    }
                }
            }
        }
        int[] counts = new int[rows.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = marked.get(rows.get(i).jobId()).contains(rows.get(i).idx()) ? 1 : 0;
        }
        return counts;
    }

    private int[] markSentRowByRow(Connection c, List<Ref> rows) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE job_rows SET state = ? WHERE job_id = ? AND idx = ? AND state < ?")) {
            for (Ref row : rows) {
                update.setInt(1, SENT);
                update.setString(2, row.jobId());
                update.setInt(3, row.idx());
                update.setInt(4, DONE);
                update.addBatch();
            }
            return update.executeBatch();
        }
    }

    /** Writes outcomes; a row already done (e.g. cancelled) keeps its first outcome. */
    void markDone(Connection c, Collection<Done> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (db.embedded()) {
            markDoneRowByRow(c, rows);
            return;
        }
        Map<String, List<Done>> byJob = new LinkedHashMap<>();
        rows.forEach(row -> byJob.computeIfAbsent(row.jobId(), job -> new ArrayList<>()).add(row));
        try (PreparedStatement update = c.prepareStatement("UPDATE job_rows r SET state = ?, short_url = u.short_url, "
                + "error = u.error, reused = u.reused FROM unnest(?::int4[], ?::text[], ?::text[], ?::bool[]) "
                + "AS u(idx, short_url, error, reused) WHERE r.job_id = ? AND r.idx = u.idx AND r.state < ?")) {
            for (Map.Entry<String, List<Done>> job : byJob.entrySet()) {
                List<Done> done = job.getValue();
                update.setInt(1, DONE);
                update.setArray(2, c.createArrayOf("int4", done.stream().map(Done::idx).toArray()));
                update.setArray(3, c.createArrayOf("text", done.stream().map(Done::shortUrl).toArray()));
                update.setArray(4, c.createArrayOf("text", done.stream().map(Done::error).toArray()));
                update.setArray(5, c.createArrayOf("bool", done.stream().map(Done::reused).toArray()));
                update.setString(6, job.getKey());
                update.setInt(7, DONE);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private void markDoneRowByRow(Connection c, Collection<Done> rows) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE job_rows SET state = ?, short_url = ?, error = ?, "
                + "reused = ? WHERE job_id = ? AND idx = ? AND state < ?")) {
            for (Done row : rows) {
                update.setInt(1, DONE);
                update.setString(2, row.shortUrl());
                if (row.error() == null) {
                    update.setNull(3, Types.VARCHAR);
                } else {
                    update.setString(3, row.error());
                }
                update.setBoolean(4, row.reused());
                update.setString(5, row.jobId());
                update.setInt(6, row.idx());
                update.setInt(7, DONE);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Ends every row of a job that is not done yet with {@code error}. */
    int endUnfinished(Connection c, String jobId, String error) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE job_rows SET state = ?, error = ? WHERE job_id = ? AND state < ?")) {
            update.setInt(1, DONE);
            update.setString(2, error);
            update.setString(3, jobId);
            update.setInt(4, DONE);
            return update.executeUpdate();
        }
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
        try (PreparedStatement select = c.prepareStatement("SELECT idx, line, cells_json, url, alias, input_error, "
                + "state, short_url, error FROM job_rows WHERE job_id = ? ORDER BY idx")) {
            select.setFetchSize(INSERT_BATCH);
            select.setString(1, jobId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(7) != DONE) {
                        continue;
                    }
                    String shortUrl = rs.getString(8);
                    String error = rs.getString(9);
                    sink.accept(new RowResult(row(rs, 2), error == null ? shortUrl : null,
                            error == null && shortUrl == null ? "internal error: no outcome for this row" : error));
                }
            }
        }
    }

    /** Deletes the rows of a job. */
    void delete(Connection c, String jobId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM job_rows WHERE job_id = ?")) {
            delete.setString(1, jobId);
            delete.executeUpdate();
        }
    }

    private BatchRow row(ResultSet rs, int first) throws SQLException {
        return new BatchRow(rs.getInt(first), read(rs.getString(first + 1)), rs.getString(first + 2),
                rs.getString(first + 3), rs.getString(first + 4));
    }

    private String write(List<String> cells) {
        try {
            return json.writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serializes", e);
        }
    }

    private List<String> read(String cells) {
        try {
            return json.readValue(cells, CELLS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cells_json is written by this class only", e);
        }
    }
}
