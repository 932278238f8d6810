package dev.shortener.results;

import java.util.ArrayList;
import java.util.List;

/**
 * The optional columns of an answer: {@code tagged_url} right after the input columns when the request had UTM
 * parameters, {@code warning} after {@code error} when any row had link fields (tags, expires_at, title).
 *
 * @param taggedUrl whether to write {@code tagged_url}
 * @param warning whether to write {@code warning}
 */
public record ResultColumns(boolean taggedUrl, boolean warning) {

    /** Only the input columns and {@code short_url, status, error}. */
    public static final ResultColumns PLAIN = new ResultColumns(false, false);

    /** The header after the input columns. */
    public List<String> after() {
        List<String> names = new ArrayList<>();
        if (taggedUrl) {
            names.add("tagged_url");
        }
        names.addAll(ResultWriters.RESULT_COLUMNS);
        if (warning) {
            names.add("warning");
        }
        return names;
    }
}
