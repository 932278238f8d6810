package dev.shortener.upstream;

/**
 * What one upstream call (with its retries) produced: a value or an error reason, never both.
 *
 * @param value the short URL (or the uuid), null on failure
 * @param error a short reason for the row's {@code error} column, null on success
 * @param attempts attempts made, the first one included; 0 for a link answered from the link store
 * @param latencyNanos wall time of the whole call, retries included
 * @param pid the operating-system process that made the call
 * @param status the HTTP status of the last attempt, 0 when no response arrived (timeout, connection failure)
 * @param resent attempts sent again after one whose outcome was unknown (a timeout, a reset): each may have created
 *        a link that this call's value does not name
 * @param retryable whether the error may go away if the call is made again later (timeouts, 5xx, 429 exhausted,
 *        connection failures, a wait for a limit, quota or outage that ran out), false for final refusals and on
 *        success
 */
public record CallOutcome(String value, String error, int attempts, long latencyNanos, long pid, int status,
        int resent, boolean retryable) {

    /** An outcome whose error, if any, is final, with nothing resent. */
    public CallOutcome(String value, String error, int attempts, long latencyNanos, long pid, int status) {
        this(value, error, attempts, latencyNanos, pid, status, 0, false);
    }

    /** A link already known to the link store: no attempt was made. */
    public static CallOutcome reused(String shortUrl) {
        return new CallOutcome(shortUrl, null, 0, 0, ProcessHandle.current().pid(), 200);
    }

    /** This outcome with {@code resent} attempts sent again after an unknown outcome. */
    public CallOutcome withResent(int resent) {
        return new CallOutcome(value, error, attempts, latencyNanos, pid, status, resent, retryable);
    }

    /** True when the call produced a value. */
    public boolean ok() {
        return error == null;
    }

    /** True when the value came from the link store, without an upstream call. */
    public boolean reused() {
        return attempts == 0 && error == null;
    }
}
