package dev.shortener.jobs;

import java.sql.Connection;
import java.sql.SQLException;

/** Hears of every job end, in the transaction that ends it (so that what it writes commits with the end or not at all). */
public interface JobEndListener {

    /** The job {@code status} has just ended; {@code callbackUrl} is the webhook it was submitted with, or null. */
    void jobEnded(Connection c, JobStatus status, String callbackUrl) throws SQLException;
}
