package dev.shortener.results;

import java.io.IOException;
import java.util.List;

/** Lets tests of other packages read an xlsx answer back the way {@link XlsxResultsTest} does. */
public final class XlsxResultsTestAccess {

    private XlsxResultsTestAccess() {
    }

    /** Every row of the first sheet as text; a cell that is not a string cell fails. */
    public static List<List<String>> read(byte[] xlsx) throws IOException {
        return XlsxResultsTest.read(xlsx);
    }
}
