package dev.shortener.jobs;

/** A call of a job that was cancelled (or whose rows were ended) before the call could be recorded as sent. */
public class JobCancelledException extends RuntimeException {

    /** For the job {@code jobId}. */
    public JobCancelledException(String jobId) {
        super("job " + jobId + " was cancelled");
    }
}
