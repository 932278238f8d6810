package dev.shortener.jobs;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Tells every {@link JobEndListener} that a job ended, in the caller's transaction. */
@ApplicationScoped
public class JobEnds {

    private final JobRepository jobs;
    private final Instance<JobEndListener> listeners;

    JobEnds(JobRepository jobs, Instance<JobEndListener> listeners) {
        this.jobs = jobs;
        this.listeners = listeners;
    }

    /** The job {@code id} has just ended in the transaction of {@code c}. */
    void ended(Connection c, String id) throws SQLException {
        JobRepository.Ended ended = jobs.ended(c, id).orElseThrow(
                () -> new IllegalStateException("job " + id + " ended in this transaction, yet it is not there"));
        for (JobEndListener listener : listeners) {
            listener.jobEnded(c, ended.status(), ended.callbackUrl());
        }
    }
}
