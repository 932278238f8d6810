package dev.shortener.benchmark;

/** A benchmark request refused: bad parameters (400), one already running (409), no result yet (404). */
public class BenchmarkRejectedException extends RuntimeException {

    private final int status;
    private final String title;

    /** A refusal with an HTTP status, a short title and a detail naming the parameter. */
    public BenchmarkRejectedException(int status, String title, String detail) {
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

    static BenchmarkRejectedException badRequest(String detail) {
        return new BenchmarkRejectedException(400, "Bad Request", detail);
    }
}
