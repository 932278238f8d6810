package dev.shortener.batch;

/**
 * One output row: the input row and what became of it.
 *
 * @param row the input row
 * @param shortUrl the short URL, or null on error
 * @param error the reason, or null on success
 */
public record RowResult(BatchRow row, String shortUrl, String error) {

    /** {@code ok} or {@code error}, the CSV {@code status} column. */
    public String status() {
        return error == null ? "ok" : "error";
    }

    /** True when the row was shortened. */
    public boolean ok() {
        return error == null;
    }
}
