package dev.shortener.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.shortener.batch.BatchRow;
import dev.shortener.error.RequestRejectedException;

/**
 * What every table body shares, whatever feeds it cells (CSV records, spreadsheet rows): the width and cell-length
 * limits, blank records skipped, the header detected on the first record, the {@code url}/{@code alias} and link-field
 * columns, the echoed column list. One instance per body.
 */
final class TableRules {

    /** Header names (normalised) that mark the URL column. */
    static final Set<String> URL_HEADERS = Set.of("url", "longurl", "link", "target", "destination", "originalurl");
    /** Header names (normalised) of the link fields, in {@code tags, expires_at, title} order. */
    static final List<String> FIELD_HEADERS = List.of("tags", "expiresat", "title");
    /** Output columns the service writes itself; an input column of the same name is replaced, not duplicated. */
    static final Set<String> RESULT_COLUMNS = Set.of("shorturl", "status", "error", "taggedurl", "warning");

    private final String unit;
    private final int maxColumns;
    private final int maxCellLength;
    private Header header;
    private boolean firstRecord = true;
    private int widest;

    /** {@code unit} names a record in messages ({@code line} for CSV, {@code row} for a sheet). */
    TableRules(String unit, int maxColumns, int maxCellLength) {
        this.unit = unit;
        this.maxColumns = maxColumns;
        this.maxCellLength = maxCellLength;
    }

    /** Refuses a cell at 0-based {@code column} of record {@code line} when the record would be too wide. */
    void checkWidth(int line, int column) {
        if (column >= maxColumns) {
            throw new RequestRejectedException(413, "Payload Too Large", unit + " " + line + " has more than "
                    + maxColumns + " columns (shortener.csv.max-columns)");
        }
    }

    /** Refuses {@code cell} at 1-based {@code column} of record {@code line} when it is too long. */
    void checkLength(int line, int column, String cell) {
        if (cell.length() > maxCellLength) {
            throw cellTooLong(line, column);
        }
    }

    RequestRejectedException cellTooLong(int line, int column) {
        return new RequestRejectedException(413, "Payload Too Large", unit + " " + line + ", column " + column
                + ": a cell longer than " + maxCellLength + " characters (shortener.csv.max-cell-length)");
    }

    /** The data row of one record, or null when the record is blank or is the header. */
    BatchRow accept(int line, List<String> cells) {
        boolean blank = true;
        for (String cell : cells) {
            blank &= cell.isBlank();
        }
        if (blank) {
            return null;
        }
        if (firstRecord) {
            firstRecord = false;
            header = Header.detect(cells);
            if (header != null) {
                return null;
            }
        }
        return toRow(line, cells);
    }

    /** The refusal of a body that had no data row. */
    RequestRejectedException noRows() {
        return RequestRejectedException.badRequest(header == null ? "no URL rows in the body"
                : "no URL rows in the body: only the header " + unit + " was found");
    }

    /** The input columns echoed back: the header's names (result columns dropped), widened by ragged records. */
    List<String> columns() {
        List<String> columns = new ArrayList<>();
        if (header == null) {
            columns.add("url");
            for (int i = 2; i <= widest; i++) {
                columns.add("column_" + i);
            }
            return columns;
        }
        int width = Math.max(widest, header.names().size());
        for (int i = 0; i < width; i++) {
            if (i >= header.names().size()) {
                columns.add("column_" + (i + 1));
            } else if (!header.dropped(i)) {
                columns.add(header.names().get(i).trim());
            }
        }
        return columns;
    }

    private BatchRow toRow(int line, List<String> cells) {
        widest = Math.max(widest, cells.size());
        int urlColumn = header == null ? 0 : header.urlColumn();
        int aliasColumn = header == null ? -1 : header.aliasColumn();
        String url = urlColumn < cells.size() ? cells.get(urlColumn).trim() : "";
        String alias = cell(cells, aliasColumn);
        List<String> kept = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            if (header == null || !header.dropped(i)) {
                kept.add(cells.get(i));
            }
        }
        if (header == null || !header.hasFields()) {
            return BatchRow.of(line, List.copyOf(kept), url, alias);
        }
        int[] fields = header.fieldColumns();
        return BatchRow.of(line, List.copyOf(kept), url, alias, cell(cells, fields[0]), cell(cells, fields[1]),
                cell(cells, fields[2]));
    }

    private static String cell(List<String> cells, int column) {
        return column >= 0 && column < cells.size() ? cells.get(column) : null;
    }

    static String normalise(String headerCell) {
        return headerCell.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "").trim();
    }

    /**
     * A detected header row: its names, where the URL, alias and link fields ({@link #FIELD_HEADERS} order, -1 for
     * absent) are, and which columns the answer replaces.
     */
    private record Header(List<String> names, int urlColumn, int aliasColumn, int[] fieldColumns,
            Set<Integer> replaced) {

        static Header detect(List<String> cells) {
            int url = -1;
            int alias = -1;
            int[] fields = { -1, -1, -1 };
            Set<Integer> replaced = new HashSet<>();
            for (int i = 0; i < cells.size(); i++) {
                String name = normalise(cells.get(i));
                int field = FIELD_HEADERS.indexOf(name);
                if (url < 0 && URL_HEADERS.contains(name)) {
                    url = i;
                } else if (alias < 0 && name.equals("alias")) {
                    alias = i;
                } else if (field >= 0 && fields[field] < 0) {
                    fields[field] = i;
                } else if (RESULT_COLUMNS.contains(name)) {
                    replaced.add(i);
                }
            }
            return url < 0 ? null : new Header(List.copyOf(cells), url, alias, fields, Set.copyOf(replaced));
        }

        boolean hasFields() {
            return fieldColumns[0] >= 0 || fieldColumns[1] >= 0 || fieldColumns[2] >= 0;
        }

        boolean dropped(int column) {
            return replaced.contains(column);
        }
    }
}
