package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which delimiter the first lines of a body point to; '0' stands for "one column". */
class DelimiterDetectorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a delimiter on every line
            "a,b\\nc,d|,",
            "a;b\\nc;d|;",
            "a\\tb\\nc\\td|\\t",
            // on the first line and exactly half of the others is not most lines
            "a,b\\nc\\nd\\ne,f|0",
            // on the first line and most others: ragged rows count
            "a,b\\nc,d,e\\nf|,",
            // not on the first line: a one-column list with a comma in some URLs
            "url\\nhttps://e.co/a,b\\nhttps://e.co/c,d|0",
            // inside quotes it does not count, even across a line break
            "\"a,b\"\\n\"c\\nd,e\"|0",
            // two candidates on every line: the steady count wins
            "a;b,c\\nd;e,f,g,h\\ni;j,k|;",
            // equally steady: the earlier candidate (comma) wins
            "a,b;c\\nd,e;f|,",
            // blank lines do not count as lines
            "a,b\\n\\n   \\n\\nc,d|,",
            // a tab alone on a line is content
            "a\\tb\\n\\t\\nc\\td|\\t",
            // the last line counts even without a line break: here it makes the comma a minority
            "a,b\\nc|0",
            // no delimiter at all
            "https://e.co/a|0" })
    void picksTheDelimiterOfMostLines(String body, String expected) {
        String text = body.replace("\\n", "\n").replace("\\t", "\t");
        char want = switch (expected) {
            case "0" -> DelimiterDetector.SINGLE_COLUMN;
            case "\\t" -> '\t';
            default -> expected.charAt(0);
        };

        assertEquals(want, DelimiterDetector.detect(text), body);
    }

    @ParameterizedTest(name = "{0} comma lines")
    @CsvSource({ "10,false", "11,true" })
    void onlyTheFirstTwentyLinesAreSampled(int commaLines, boolean comma) {
        // Of the 20 lines sampled, the comma must be on more than half; the lines after the sample do not count.
        String text = "a,b\n".repeat(commaLines) + "x\n".repeat(30);

        assertEquals(comma ? ',' : DelimiterDetector.SINGLE_COLUMN, DelimiterDetector.detect(text));
    }
}
