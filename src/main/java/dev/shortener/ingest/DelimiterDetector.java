package dev.shortener.ingest;

/** Picks the CSV delimiter among comma, semicolon and tab from the first lines of a body. */
final class DelimiterDetector {

    /**
     * Stands for "no delimiter": the body has one column. A NUL never occurs in text, so every line (after RFC 4180
     * unquoting) is one cell, and an unquoted URL with a comma or semicolon stays whole.
     */
    static final char SINGLE_COLUMN = '\u0000';

    private static final char[] CANDIDATES = { ',', '\t', ';' };
    private static final int LINES_TO_SAMPLE = 20;

    private DelimiterDetector() {
    }

    /**
     * The candidate that appears, outside quotes, on the first line and on most sampled lines, preferring the one
     * with the same count on the most lines (URLs may contain commas and semicolons, so one line alone can mislead);
     * {@link #SINGLE_COLUMN} otherwise: a one-column list (header {@code url} or bare URLs) whose URLs may contain
     * {@code ,} or {@code ;}.
     */
    static char detect(String text) {
        int[][] counts = new int[LINES_TO_SAMPLE][CANDIDATES.length];
        int lines = 0;
        boolean quoted = false;
        boolean lineHasContent = false;
        for (int i = 0; i < text.length() && lines < LINES_TO_SAMPLE; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (lineHasContent) {
                    lines++;
                }
                lineHasContent = false;
                continue;
            } else if (!quoted) {
                for (int k = 0; k < CANDIDATES.length; k++) {
                    if (c == CANDIDATES[k]) {
                        counts[lines][k]++;
                    }
                }
            }
            if (!Character.isWhitespace(c) || c == '\t') {
                lineHasContent = true;
            }
        }
        if (lineHasContent && lines < LINES_TO_SAMPLE) {
            lines++;
        }
        char best = SINGLE_COLUMN;
        int bestPresent = 0;
        int bestSteady = 0;
        for (int k = 0; k < CANDIDATES.length; k++) {
            int first = counts[0][k];
            if (first == 0) {
                continue;
            }
            int present = 0;
            int steady = 0;
            for (int line = 0; line < lines; line++) {
                present += counts[line][k] > 0 ? 1 : 0;
                steady += counts[line][k] == first ? 1 : 0;
            }
            // A delimiter shows up on most lines (ragged rows included); a comma in a few URLs of a one-column list
            // does not. Between two candidates on as many lines, the one with a steady count per line wins.
            boolean better = present > bestPresent || (present == bestPresent && steady > bestSteady);
            if (present * 2 > lines && better) {
                best = CANDIDATES[k];
                bestPresent = present;
                bestSteady = steady;
            }
        }
        return best;
    }
}
