package dev.shortener.store;

import java.sql.SQLException;

/** A database failure of the job or link store: ours, not the client's (a 503 problem at the API). */
public class StoreException extends RuntimeException {

    /** Wraps a JDBC failure. */
    public StoreException(SQLException cause) {
        super("job store unavailable: " + cause.getMessage(), cause);
    }
}
