package dev.shortener.batch;

/**
 * One output row: the input row and what became of it.
 *
 * @param row the input row
 * @param shortUrl the short URL, or null on error
 * @param error the reason, or null on success
 * @param warning what the provider left out of the row's link fields and why, or null
 */
public record RowResult(BatchRow row, String shortUrl, String error, String warning) {

    /** A result without a warning. */
    public RowResult(BatchRow row, String shortUrl, String error) {
        this(row, shortUrl, error, null);
    }

    /** {@code ok} or {@code error}, the CSV {@code status} column. */
    public String status() {
        return error == null ? "ok" : "error";
    }

    /** True when the row was shortened. */
    public boolean ok() {
        return error == null;
    }

    /** The same result with {@code warning}. */
    public RowResult withWarning(String warning) {
        return new RowResult(row, shortUrl, error, warning);
    }
}
