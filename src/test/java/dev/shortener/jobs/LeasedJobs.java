package dev.shortener.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;
import dev.shortener.security.Roles;

/** Jobs written straight into the database as a replica leaves them: running, one chunk leased to {@code owner}. */
final class LeasedJobs {

    private LeasedJobs() {
    }

    /**
     * Inserts a running plain-text job of {@code urls} (one chunk, rows pending) leased to {@code owner} until
     * {@code leaseUntil}, in the caller's transaction; answers its id.
     */
    static String insert(Connection c, JobRepository jobs, RowRepository rows, ChunkRepository chunks,
            List<String> urls, String owner, long leaseUntil) throws SQLException {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        List<BatchRow> batch = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            batch.add(BatchRow.of(i + 1, List.of(urls.get(i)), urls.get(i), null));
        }
        rows.insert(c, id, batch.iterator());
        chunks.insert(c, id, urls.size(), 1000);
        jobs.insert(c, new JobRepository.NewJob(id, Roles.ANONYMOUS, "async", "tinyurl-legacy",
                Batch.InputFormat.PLAIN_TEXT, List.of("url"), urls.size(), 1000, null, "hash"), now);
        try (PreparedStatement running = c.prepareStatement("UPDATE jobs SET state = 'running', started_at = ?, "
                + "last_claim_at = ? WHERE id = ?");
                PreparedStatement lease = c.prepareStatement("UPDATE job_chunks SET state = 'running', "
                        + "lease_owner = ?, lease_until = ? WHERE job_id = ?")) {
            running.setLong(1, now);
            running.setLong(2, now);
            running.setString(3, id);
            running.executeUpdate();
            lease.setString(1, owner);
            lease.setLong(2, leaseUntil);
            lease.setString(3, id);
            lease.executeUpdate();
        }
        return id;
    }
}
