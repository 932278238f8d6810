package dev.shortener.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

import dev.shortener.error.RequestRejectedException;

/**
 * What reading one sheet needs from the rest of the package: which part the sheet is, the shared strings its cells
 * point to (held in memory, bounded by {@link XlsxPackage.Limits#maxSharedStringChars}), the number format of each
 * cell style, and the workbook's date system.
 *
 * @param sheetPart the zip path of the sheet's XML
 * @param sharedStrings the shared strings, by index
 * @param formats the number format code of each cell style ({@code s} attribute), null for General
 * @param date1904 whether date serials count from 1904 instead of 1900
 */
record XlsxWorkbook(String sheetPart, SharedStrings sharedStrings, List<String> formats, boolean date1904) {

    /** Reads the workbook and picks {@code sheet} (null: the first); 400 for a sheet it does not have. */
    static XlsxWorkbook read(XlsxPackage pkg, String sheet) {
        String workbookPart = "xl/workbook.xml";
        if (pkg.has("_rels/.rels")) {
            Map<String, String> root = relationships(pkg, "_rels/.rels", "");
            workbookPart = root.getOrDefault("type:officeDocument", workbookPart);
        }
        String folder = workbookPart.substring(0, workbookPart.lastIndexOf('/') + 1);
        String relsPart = folder + "_rels/" + workbookPart.substring(folder.length()) + ".rels";
        Map<String, String> rels = pkg.has(relsPart) ? relationships(pkg, relsPart, folder) : Map.of();
        Map<String, String> sheets = new LinkedHashMap<>();
        boolean[] date1904 = new boolean[1];
        walk(pkg, workbookPart, (name, r) -> {
            if (name.equals("sheet")) {
                sheets.putIfAbsent(r.getAttributeValue(null, "name"), relationshipId(r));
            } else if (name.equals("workbookPr")) {
                String value = r.getAttributeValue(null, "date1904");
                date1904[0] = "1".equals(value) || "true".equalsIgnoreCase(value);
            }
        });
        String sheetPart = rels.get("id:" + sheets.get(pick(sheets, sheet)));
        if (sheetPart == null) {
            throw XlsxPackage.unreadable("the workbook names no part for sheet '" + pick(sheets, sheet) + "'");
        }
        String stylesPart = rels.get("type:styles");
        String stringsPart = rels.get("type:sharedStrings");
        List<String> formats = stylesPart != null && pkg.has(stylesPart) ? formats(pkg, stylesPart) : List.of();
        SharedStrings strings = stringsPart != null && pkg.has(stringsPart) ? sharedStrings(pkg, stringsPart)
                : new SharedStrings(0);
        return new XlsxWorkbook(sheetPart, strings, formats, date1904[0]);
    }

    /** The name of the sheet to read: {@code wanted} (exactly, else ignoring case, as Excel does), or the first. */
    private static String pick(Map<String, String> sheets, String wanted) {
        if (sheets.isEmpty()) {
            throw XlsxPackage.unreadable("the workbook has no sheet");
        }
        if (wanted == null) {
            return sheets.keySet().iterator().next();
        }
        if (sheets.containsKey(wanted)) {
            return wanted;
        }
        return sheets.keySet().stream().filter(wanted::equalsIgnoreCase).findFirst().orElseThrow(
                () -> RequestRejectedException.badRequest("no sheet '" + wanted + "' in query parameter 'sheet'; "
                        + "the workbook has: " + sheets.keySet().stream().map(n -> "'" + n + "'")
                                .collect(Collectors.joining(", "))));
    }

    /** The {@code r:id} of a {@code sheet}, in the transitional or the strict (ISO 29500) namespace. */
    private static String relationshipId(XMLStreamReader r) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String namespace = r.getAttributeNamespace(i);
            if ("id".equals(r.getAttributeLocalName(i)) && namespace != null && !namespace.isEmpty()) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    /** A rels part as {@code id:<Id>} and {@code type:<last segment of Type>} to the target's zip path. */
    private static Map<String, String> relationships(XlsxPackage pkg, String part, String folder) {
        Map<String, String> rels = new HashMap<>();
        walk(pkg, part, (name, r) -> {
            if (name.equals("Relationship") && !"External".equals(r.getAttributeValue(null, "TargetMode"))) {
                String target = r.getAttributeValue(null, "Target");
                String type = r.getAttributeValue(null, "Type");
                if (target != null) {
                    String path = target.startsWith("/") ? target.substring(1) : folder + target;
                    rels.put("id:" + r.getAttributeValue(null, "Id"), path);
                    if (type != null) {
                        rels.putIfAbsent("type:" + type.substring(type.lastIndexOf('/') + 1), path);
                    }
                }
            }
        });
        return rels;
    }

    /** The format code of each {@code cellXfs/xf}, in order; built-in ids resolved, General as null. */
    private static List<String> formats(XlsxPackage pkg, String part) {
        Map<String, String> custom = new HashMap<>();
        List<String> ids = new ArrayList<>();
        int[] depth = new int[1];
        walk(pkg, part, (name, r) -> {
            switch (name) {
                case "numFmt" -> custom.put(r.getAttributeValue(null, "numFmtId"),
                        r.getAttributeValue(null, "formatCode"));
                case "cellXfs" -> depth[0] = 1;
                case "cellStyleXfs", "cellStyles", "dxfs" -> depth[0] = 0;
                case "xf" -> {
                    if (depth[0] == 1) {
                        ids.add(r.getAttributeValue(null, "numFmtId"));
                    }
                }
                default -> {
                }
            }
        });
        List<String> formats = new ArrayList<>(ids.size());
        for (String id : ids) {
            String code = custom.containsKey(id) ? custom.get(id) : CellFormat.builtIn(id);
            formats.add(code == null || code.equalsIgnoreCase("General") ? null : code);
        }
        return formats;
    }

    /** The shared strings: each {@code si}'s {@code t} texts joined, phonetic runs ({@code rPh}) left out. */
    private static SharedStrings sharedStrings(XlsxPackage pkg, String part) {
        SharedStrings strings = new SharedStrings(pkg.limits().maxCellLength());
        long budget = pkg.limits().maxSharedStringChars();
        XMLStreamReader r = pkg.open(part);
        try {
            StringBuilder current = null;
            boolean inText = false;
            int phonetic = 0;
            for (int e = XlsxPackage.next(r, part); e != XMLStreamConstants.END_DOCUMENT;
                    e = XlsxPackage.next(r, part)) {
                if (e == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "si" -> current = new StringBuilder();
                        case "rPh" -> phonetic++;
                        case "t" -> inText = phonetic == 0 && current != null;
                        default -> {
                        }
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "si" -> {
                            if (current != null) {
                                strings.add(current.toString());
                            }
                            current = null;
                        }
                        case "rPh" -> phonetic--;
                        case "t" -> inText = false;
                        default -> {
                        }
                    }
                } else if (inText && (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA
                        || e == XMLStreamConstants.SPACE)) {
                    String text = XlsxPackage.text(r, part);
                    budget -= text.length();
                    if (budget < 0) {
                        throw new RequestRejectedException(413, "Payload Too Large", "part '" + part + "' holds more "
                                + "than " + pkg.limits().maxSharedStringChars() + " characters of shared strings "
                                + "(shortener.xlsx.max-shared-string-chars)");
                    }
                    current.append(text);
                }
            }
        } finally {
            XlsxPackage.closeQuietly(r);
        }
        return strings;
    }

    /** Calls {@code onStart} with the local name and parser at every start element of {@code part}. */
    private static void walk(XlsxPackage pkg, String part, BiConsumer<String, XMLStreamReader> onStart) {
        XMLStreamReader r = pkg.open(part);
        try {
            for (int e = XlsxPackage.next(r, part); e != XMLStreamConstants.END_DOCUMENT;
                    e = XlsxPackage.next(r, part)) {
                if (e == XMLStreamConstants.START_ELEMENT) {
                    onStart.accept(r.getLocalName(), r);
                }
            }
        } finally {
            XlsxPackage.closeQuietly(r);
        }
    }
}
