package dev.shortener.csv;

/** Picks the CSV delimiter among comma, semicolon and tab from the first lines of a body. */
final class DelimiterDetector {

    private static final char[] CANDIDATES = { ',', '\t', ';' };
    private static final int LINES_TO_SAMPLE = 20;

    private DelimiterDetector() {
    }

    /**
     * The candidate that appears, outside quotes, the same non-zero number of times on the most sampled lines
     * (URLs may contain commas and semicolons, so one line alone can mislead); comma when none appears.
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
        char best = ',';
        int bestScore = 0;
        for (int k = 0; k < CANDIDATES.length; k++) {
            int first = counts[0][k];
            if (first == 0) {
                continue;
            }
            int score = 0;
            for (int line = 0; line < lines; line++) {
                if (counts[line][k] == first) {
                    score++;
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = CANDIDATES[k];
            }
        }
        return best;
    }
}
