package dev.shortener.batch;

import java.util.List;

import dev.shortener.config.Provider;
import dev.shortener.upstream.LinkFields;
import dev.shortener.upstream.UpstreamCall;

/**
 * One data row of an incoming batch.
 *
 * @param line the 1-based line (CSV, plain text) or element (JSON) it came from, for messages
 * @param cells the row's original cells in input order, echoed back in CSV output
 * @param url the long URL as given (may be invalid: validation happens later)
 * @param alias the custom alias, or null
 * @param inputError why the row could not be read (e.g. a JSON element without {@code url}), or null
 * @param taggedUrl the URL with the request's UTM parameters, which is what gets shortened; null without them
 * @param fields the row's tags, expiry and title ({@link LinkFields#NONE} for none)
 */
public record BatchRow(int line, List<String> cells, String url, String alias, String inputError, String taggedUrl,
        LinkFields fields) {

    public BatchRow {
        fields = fields == null ? LinkFields.NONE : fields;
    }

    /** A row without UTM tagging or link fields. */
    public BatchRow(int line, List<String> cells, String url, String alias, String inputError) {
        this(line, cells, url, alias, inputError, null, LinkFields.NONE);
    }

    /** A readable row. */
    public static BatchRow of(int line, List<String> cells, String url, String alias) {
        return new BatchRow(line, cells, url, blankToNull(alias), null);
    }

    /**
     * A readable row with the raw cells of its link fields (any may be null); a malformed {@code expires_at} makes it
     * a row error naming the value.
     */
    public static BatchRow of(int line, List<String> cells, String url, String alias, String tags, String expiresAt,
            String title) {
        try {
            return new BatchRow(line, cells, url, blankToNull(alias), null, null,
                    LinkFields.parse(tags, expiresAt, title));
        } catch (IllegalArgumentException malformed) {
            return new BatchRow(line, cells, url, blankToNull(alias), malformed.getMessage());
        }
    }

    /** A row that can only come back as an error. */
    public static BatchRow unreadable(int line, List<String> cells, String error) {
        return new BatchRow(line, cells, null, null, error);
    }

    /** The URL to shorten: the tagged one when the request has UTM parameters, else the one given. */
    public String target() {
        return taggedUrl != null ? taggedUrl : url;
    }

    /** The same row, shortening {@code tagged} instead of its URL. */
    public BatchRow tagged(String tagged) {
        return new BatchRow(line, cells, url, alias, inputError, tagged, fields);
    }

    /** The upstream call of this row to {@code provider}. */
    public UpstreamCall call(Provider provider) {
        return new UpstreamCall(provider, target(), alias, fields);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
