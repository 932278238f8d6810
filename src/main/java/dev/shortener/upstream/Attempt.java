package dev.shortener.upstream;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The result of one attempt, before retries are decided.
 *
 * @param value the value on success
 * @param status the HTTP status, or 0 when no response arrived
 * @param reason why the attempt failed: the final row error for non-retryable failures, the short cause otherwise
 * @param retryable whether another attempt may succeed (timeouts, connection failures, 429, 5xx)
 * @param retryAfter the upstream's Retry-After, or null
 * @param number which attempt this was, 1-based
 * @param pid the operating-system process that made the attempt
 * @param retryLater whether the row may succeed if the call is made again later ({@code POST /jobs/{id}/retry}):
 *        every retryable failure, and a call that gave up waiting for a limit, a quota or an outage to end
 */
public record Attempt(String value, int status, String reason, boolean retryable, Duration retryAfter, int number,
        long pid, boolean retryLater) {

    /** An attempt whose failure, if any, may go away later exactly when it is retryable now. */
    public Attempt(String value, int status, String reason, boolean retryable, Duration retryAfter, int number,
            long pid) {
        this(value, status, reason, retryable, retryAfter, number, pid, retryable);
    }

    private static final long PID = ProcessHandle.current().pid();
    /** How a connection that was never made begins its reason: that request cannot have reached the provider. */
    private static final String CONNECTION_FAILED = "connection failed: ";

    static Attempt success(String value, int status, int number) {
        return new Attempt(value, status, null, false, null, number, PID);
    }

    static Attempt rejected(int status, String reason, int number) {
        return new Attempt(null, status, reason, false, null, number, PID);
    }

    static Attempt retryableStatus(int status, String message, Duration retryAfter, int number) {
        return new Attempt(null, status, message.isEmpty() ? String.valueOf(status) : status + " " + message, true,
                retryAfter, number, PID);
    }

    /**
     * A rate-limit answer whatever its HTTP status (is.gd's 200 with errorcode 3, Bitly's 403 RATE_LIMIT_EXCEEDED):
     * counted as 429 so that the provider's governor pauses every call, and retried.
     */
    static Attempt rateLimited(String reason, Duration retryAfter, int number) {
        return new Attempt(null, 429, reason, true, retryAfter, number, PID);
    }

    static Attempt transportFailure(Throwable failure, Duration timeout, int number) {
        return new Attempt(null, 0, describe(failure, timeout), true, null, number, PID);
    }

    /** A final failure that no upstream answer caused (e.g. the worker process making it died). */
    public static Attempt failedWithoutAnswer(String reason, int number) {
        return new Attempt(null, 0, reason, false, null, number, PID);
    }

    /** The call's last attempt when it waited too long for a limit or an outage to end: a final {@code reason}. */
    public static Attempt gaveUp(Attempt last, String reason) {
        return new Attempt(null, last.status, reason, false, null, last.number, last.pid, true);
    }

    /** A call that waited its whole budget for a permit without making an attempt: a final {@code reason}. */
    public static Attempt waitedTooLong(String reason) {
        return new Attempt(null, 0, reason, false, null, 0, PID, true);
    }

    /**
     * A limit answer: a 429, or a provider's own limit signal counted as one. A 503 with Retry-After pauses the
     * provider too but counts as a failure: a provider that is busy for good must not hold a row forever.
     */
    public boolean limited() {
        return retryable && status == 429;
    }

    /**
     * An answer that says the provider is down: no response at all (connection refused or reset, timeout) or a
     * 502/503/504 without Retry-After.
     */
    public boolean outage() {
        return retryable && (status == 0 || (status == 502 || status == 503 || status == 504) && retryAfter == null);
    }

    /**
     * True when the request may have reached the provider though no answer came back (a timeout, a reset): another
     * attempt may then create a second link. A connection that was never made is not such a case.
     */
    public boolean outcomeUnknown() {
        return retryable && status == 0 && (reason == null || !reason.startsWith(CONNECTION_FAILED));
    }

    /** True when the attempt produced a value. */
    public boolean ok() {
        return value != null;
    }

    /** The call's outcome if this attempt is its last; {@code latencyNanos} covers every attempt and wait. */
    public CallOutcome toOutcome(long latencyNanos) {
        if (ok()) {
            return new CallOutcome(value, null, number, latencyNanos, pid, status, 0, false);
        }
        String error = retryable
                ? "upstream failed after " + number + (number == 1 ? " attempt: " : " attempts: ") + reason
                : reason;
        return new CallOutcome(null, error, number, latencyNanos, pid, status, 0, retryLater);
    }

    private static String describe(Throwable failure, Duration timeout) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof TimeoutException || root instanceof ConnectException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof TimeoutException) {
            return "timeout after " + timeout.toMillis() + " ms";
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof ConnectException) {
            return CONNECTION_FAILED + UpstreamResponses.abbreviate(message);
        }
        return UpstreamResponses.abbreviate(message);
    }
}
