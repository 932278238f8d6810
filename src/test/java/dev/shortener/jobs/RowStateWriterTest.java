package dev.shortener.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.shortener.LoopbackUpstream;
import dev.shortener.store.Database;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A call's "sent" mark does not wait behind a transaction of outcomes: with the outcome writer stuck on a row lock in
 * the real PostgreSQL, a sent mark still commits (a call holds a slot of its job's limit until it does).
 */
@QuarkusTest
class RowStateWriterTest {

    @Inject
    Database db;
    @Inject
    JobRepository jobs;
    @Inject
    RowRepository rows;
    @Inject
    ChunkRepository chunks;
    @Inject
    RowStateWriter writer;

    @Test
    void aSentMarkCommitsWhileAnOutcomeWaitsForALockedRow() throws Exception {
        String id = leasedElsewhere(3);
        try (Connection holder = db.connection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT idx FROM job_rows WHERE job_id = ? AND idx = 0 FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            CompletableFuture<Void> outcome = writer.done(
                    List.of(new RowRepository.Done(id, 0, "https://tinyurl.com/locked", null, false)), Map.of());
            LoopbackUpstream.await("the outcome writer to wait for the row lock", Duration.ofSeconds(10),
                    () -> waitingForALock() > 0);

            writer.sent(id, 0, List.of(1), false).get(10, TimeUnit.SECONDS);
            assertFalse(outcome.isDone(), "the outcome is still waiting for the lock");
            assertEquals(RowState.SENT.code(), state(id, 1));

            holder.rollback();
            outcome.get(10, TimeUnit.SECONDS);
            assertEquals(RowState.DONE.code(), state(id, 0));
        }
    }

    /**
     * Backends of this database waiting for a lock, read in a transaction of its own: PostgreSQL keeps one snapshot of
     * {@code pg_stat_activity} per transaction.
     */
    private int waitingForALock() {
        return db.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND wait_event_type = 'Lock'");
                    ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private int state(String id, int idx) {
        return db.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT state FROM job_rows WHERE job_id = ? AND idx = ?")) {
                query.setString(1, id);
                query.setInt(2, idx);
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** A job of {@code count} pending rows whose chunk another replica holds (the runner here leaves it alone). */
    private String leasedElsewhere(int count) {
        List<String> urls = IntStream.range(0, count).mapToObj(i -> "https://example.com/writer/" + UUID.randomUUID())
                .toList();
        return db.inTransaction(c -> LeasedJobs.insert(c, jobs, rows, chunks, urls, "other-replica",
                System.currentTimeMillis() + 3_600_000));
    }
}
