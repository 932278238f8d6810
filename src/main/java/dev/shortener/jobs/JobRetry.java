package dev.shortener.jobs;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.error.RequestRejectedException;
import dev.shortener.store.Database;

/**
 * Runs again, in the same job, the rows of an ended job that failed for a reason that can change; any replica
 * claims the reopened chunks.
 */
@ApplicationScoped
public class JobRetry {

    private final Database db;
    private final JobService service;
    private final JobRepository jobs;
    private final RowRepository rows;
    private final ChunkRepository chunks;
    private final JobRunner runner;

    JobRetry(Database db, JobService service, JobRepository jobs, RowRepository rows, ChunkRepository chunks,
            JobRunner runner) {
        this.db = db;
        this.service = service;
        this.jobs = jobs;
        this.rows = rows;
        this.chunks = chunks;
        this.runner = runner;
    }

    /**
     * Reopens the rows that ended with an error that may go away (timeouts, 5xx, 429 after the retries, connection
     * failures, cancelled) and any row left unfinished; the others keep their outcome. The job is running again. A
     * job with nothing to retry stays as it is; a job that has not ended is a 409, an unknown one a 404.
     */
    public JobStatus retry(String id, String owner) {
        JobStatus before = service.status(id, owner);
        if (!before.state().finished()) {
            throw notEnded(id, before.state());
        }
        Boolean reopened = db.inRetryableTransaction(c -> {
            if (!jobs.reopen(c, id)) {
                return null; // another request reopened it first
            }
            rows.reopenRetryable(c, id);
            if (chunks.reopen(c, id) == 0) {
                c.rollback(); // nothing to run again: the job keeps its end
                return false;
            }
            return true;
        });
        if (reopened == null) {
            throw notEnded(id, service.status(id, owner).state());
        }
        if (reopened) {
            runner.wake();
        }
        return service.status(id, owner);
    }

    private static RequestRejectedException notEnded(String id, JobState state) {
        return new RequestRejectedException(409, "Conflict", "job " + id + " is " + state.id()
                + "; only a job that has ended can have its failed rows retried (wait for it, or cancel it first)");
    }
}
