package dev.shortener.ingest;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

import dev.shortener.batch.Batch;
import dev.shortener.batch.BatchRow;

/**
 * An xlsx body: one sheet read row by row with a StAX parser, its rows going through the same {@link TableRules} as
 * CSV records. Cells come back as they were shown: shared and inline strings as they are, numbers and dates through
 * their number format ({@link CellFormat}), formulas as their cached value, booleans as TRUE/FALSE. Rows are numbered
 * as in the sheet, so that messages name the row a user sees.
 */
final class XlsxRows extends StreamingRows {

    /** Excel's last column, XFD. */
    private static final int MAX_SHEET_COLUMNS = 16_384;

    private final XlsxPackage pkg;
    private final XlsxWorkbook book;
    private final XMLStreamReader sheet;
    private final String part;
    private final TableRules table;
    private final int maxCellLength;
    private int rowNumber;
    private boolean ended;

    private XlsxRows(XlsxPackage pkg, XlsxWorkbook book, int maxRows, int maxColumns, int maxCellLength) {
        super(Batch.InputFormat.XLSX, pkg, maxRows);
        this.pkg = pkg;
        this.book = book;
        this.part = book.sheetPart();
        this.sheet = pkg.open(part);
        this.table = new TableRules("row", maxColumns, maxCellLength);
        this.maxCellLength = maxCellLength;
    }

    /** Spools {@code body}, reads its workbook and opens {@code sheetName} (null: the first sheet). */
    static XlsxRows open(InputStream body, String sheetName, XlsxPackage.Limits limits, int maxRows,
            int maxColumns) {
        XlsxPackage pkg = XlsxPackage.spool(body, limits);
        try {
            return new XlsxRows(pkg, XlsxWorkbook.read(pkg, sheetName), maxRows, maxColumns, limits.maxCellLength());
        } catch (RuntimeException e) {
            pkg.close();
            throw e;
        }
    }

    @Override
    BatchRow readRow() {
        while (startOfNextRow()) {
            String r = sheet.getAttributeValue(null, "r");
            int line = r == null ? rowNumber + 1 : parseRowNumber(r);
            rowNumber = line;
            BatchRow row = table.accept(line, cells(line));
            if (row != null) {
                return row;
            }
        }
        if (rowsRead() == 0) {
            throw table.noRows();
        }
        return null;
    }

    @Override
    public List<String> columns() {
        return table.columns();
    }

    @Override
    public void close() {
        XlsxPackage.closeQuietly(sheet);
        super.close();
    }

    /** Moves to the next {@code row} start; false at the end of the sheet's data. */
    private boolean startOfNextRow() {
        while (!ended) {
            int e = event();
            if (e == XMLStreamConstants.START_ELEMENT && sheet.getLocalName().equals("row")) {
                return true;
            }
            if (e == XMLStreamConstants.END_DOCUMENT
                    || e == XMLStreamConstants.END_ELEMENT && sheet.getLocalName().equals("sheetData")) {
                ended = true;
            }
        }
        return false;
    }

    /** The cells of the current row, gaps filled with empty cells, trailing empty cells left out. */
    private List<String> cells(int line) {
        List<String> cells = new ArrayList<>();
        int column = -1;
        for (int e = event(); !(e == XMLStreamConstants.END_ELEMENT && sheet.getLocalName().equals("row"));
                e = event()) {
            if (e != XMLStreamConstants.START_ELEMENT || !sheet.getLocalName().equals("c")) {
                continue;
            }
            String ref = sheet.getAttributeValue(null, "r");
            column = ref == null ? column + 1 : column(ref, line);
            table.checkWidth(line, column);
            String type = sheet.getAttributeValue(null, "t");
            String style = sheet.getAttributeValue(null, "s");
            String value = value(type, style, line, column);
            table.checkLength(line, column + 1, value);
            while (cells.size() <= column) {
                cells.add("");
            }
            cells.set(column, value);
        }
        int width = cells.size();
        while (width > 0 && cells.get(width - 1).isEmpty()) {
            width--;
        }
        return width == cells.size() ? cells : new ArrayList<>(cells.subList(0, width));
    }

    /** Reads one {@code c} element to its end: the text it shows. */
    private String value(String type, String style, int line, int column) {
        StringBuilder v = new StringBuilder();
        StringBuilder inline = new StringBuilder();
        StringBuilder into = null;
        int phonetic = 0;
        for (int e = event(); !(e == XMLStreamConstants.END_ELEMENT && sheet.getLocalName().equals("c")); e = event()) {
            if (e == XMLStreamConstants.START_ELEMENT) {
                switch (sheet.getLocalName()) {
                    case "v" -> into = v;
                    case "t" -> into = phonetic == 0 ? inline : null;
                    case "rPh" -> phonetic++;
                    default -> into = null;
                }
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                if (sheet.getLocalName().equals("rPh")) {
                    phonetic--;
                }
                into = null;
            } else if (into != null && (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA
                    || e == XMLStreamConstants.SPACE)) {
                into.append(XlsxPackage.text(sheet, part));
                if (into.length() > maxCellLength) {
                    throw table.cellTooLong(line, column + 1);
                }
            }
        }
        String raw = v.toString();
        return switch (type == null ? "n" : type) {
            case "s" -> sharedString(raw, line, column);
            case "inlineStr" -> inline.toString();
            case "b" -> raw.equals("1") ? "TRUE" : raw.equals("0") ? "FALSE" : raw;
            case "n" -> raw.isEmpty() ? "" : CellFormat.format(raw, format(style), book.date1904());
            default -> raw; // str (a formula's text), e (an error such as #N/A), d (an ISO 8601 date)
        };
    }

    private String sharedString(String index, int line, int column) {
        try {
            String text = book.sharedStrings().get(Integer.parseInt(index.trim()));
            if (text == null) {
                throw table.cellTooLong(line, column + 1);
            }
            return text;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw XlsxPackage.unreadable("row " + line + ", column " + (column + 1) + " refers to shared string '"
                    + index + "', but the workbook has " + book.sharedStrings().size());
        }
    }

    private String format(String style) {
        if (style == null) {
            return null;
        }
        try {
            int index = Integer.parseInt(style);
            return index >= 0 && index < book.formats().size() ? book.formats().get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The 0-based column of a cell reference such as {@code AB12}. */
    private static int column(String ref, int line) {
        int column = 0;
        int i = 0;
        while (i < ref.length() && isAsciiLetter(ref.charAt(i)) && column <= MAX_SHEET_COLUMNS) {
            column = column * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
            i++;
        }
        if (i == 0 || column > MAX_SHEET_COLUMNS) {
            throw XlsxPackage.unreadable("row " + line + " has a cell reference '" + ref + "' that is not a column "
                    + "from A to XFD");
        }
        return column - 1;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static int parseRowNumber(String r) {
        try {
            return Integer.parseInt(r.trim());
        } catch (NumberFormatException e) {
            throw XlsxPackage.unreadable("a row has the number '" + r + "'");
        }
    }

    private int event() {
        return XlsxPackage.next(sheet, part);
    }
}
