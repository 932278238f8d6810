package dev.shortener.jobs;

import java.time.Instant;

import dev.shortener.governor.Waiting;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A job as {@code GET /jobs/{id}} shows it.
 *
 * @param id the job's id
 * @param state queued, running, succeeded, failed or cancelled
 * @param model the execution model its calls run on
 * @param provider the upstream provider
 * @param rows row counts
 * @param upstreamCalls calls sent upstream so far (resent ones included)
 * @param createdAt when it was accepted
 * @param startedAt when a replica first claimed a chunk, or null
 * @param finishedAt when it reached a final state, or null
 * @param rowsPerSecond rows done per second since it started
 * @param etaSeconds estimated seconds to completion at that rate, or null
 * @param error why the job failed, or null
 * @param waiting why its calls are held back now (a limit, a quota, an outage of its provider), or null
 * @param callback the webhook called when the job ends and its delivery, or null when the job has none
 */
@RegisterForReflection
public record JobStatus(String id, JobState state, String model, String provider, Rows rows, long upstreamCalls,
        Instant createdAt, Instant startedAt, Instant finishedAt, double rowsPerSecond, Long etaSeconds,
        String error, Waiting waiting, Callback callback) {

    /** This status with {@code waiting} (null: not waiting). */
    public JobStatus waiting(Waiting waiting) {
        return new JobStatus(id, state, model, provider, rows, upstreamCalls, createdAt, startedAt, finishedAt,
                rowsPerSecond, etaSeconds, error, waiting, callback);
    }

    /**
     * The job-end webhook of a job and how its latest delivery stands.
     *
     * @param url where it is POSTed
     * @param state pending (the job has not ended, or delivery is being retried), delivered or failed (given up)
     * @param attempts delivery attempts made so far
     * @param lastStatus the HTTP status of the last attempt, 0 when no answer came, null before the first
     */
    @RegisterForReflection
    public record Callback(String url, String state, int attempts, Integer lastStatus) {
    }

    /**
     * Row counts of a job.
     *
     * @param total data rows in the job
     * @param done rows with a final result
     * @param ok done rows with a short URL
     * @param failed done rows with an error
     * @param reused rows answered from the link store without an upstream call
     * @param resent calls sent again after a crash that may have reached the upstream once already
     */
    @RegisterForReflection
    public record Rows(long total, long done, long ok, long failed, long reused, long resent) {
    }
}
