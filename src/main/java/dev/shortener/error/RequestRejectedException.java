package dev.shortener.error;

/**
 * A whole request refused for the client's reason (bad body, too many rows, unknown model, a benchmark already
 * running): answered as a 4xx problem. Thrown below the API layer, hence its own package.
 */
public class RequestRejectedException extends RuntimeException {

    private final int status;
    private final String title;

    /** A refusal with an HTTP status, a short title and a detail naming the line or field. */
    public RequestRejectedException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** The problem's title. */
    public String title() {
        return title;
    }

    /** 413 for a batch over {@code shortener.max-rows}; {@code where} says where the limit was crossed. */
    public static RequestRejectedException tooManyRows(int maxRows, String where) {
        return new RequestRejectedException(413, "Payload Too Large",
                "more than " + maxRows + " data rows (shortener.max-rows): " + where + "; split the batch");
    }

    /** 400 Bad Request. */
    public static RequestRejectedException badRequest(String detail) {
        return new RequestRejectedException(400, "Bad Request", detail);
    }
}
