package dev.shortener.batch;

import java.util.List;

/**
 * One data row of an incoming batch.
 *
 * @param line the 1-based line (CSV, plain text) or element (JSON) it came from, for messages
 * @param cells the row's original cells in input order, echoed back in CSV output
 * @param url the long URL as given (may be invalid: validation happens later)
 * @param alias the custom alias, or null
 * @param inputError why the row could not be read (e.g. a JSON element without {@code url}), or null
 */
public record BatchRow(int line, List<String> cells, String url, String alias, String inputError) {

    /** A readable row. */
    public static BatchRow of(int line, List<String> cells, String url, String alias) {
        return new BatchRow(line, cells, url, blankToNull(alias), null);
    }

    /** A row that can only come back as an error. */
    public static BatchRow unreadable(int line, List<String> cells, String error) {
        return new BatchRow(line, cells, null, null, error);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
