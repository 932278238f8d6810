package dev.shortener.ingest;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Generators of request bodies for the property tests: well-formed ones built from a model of their rows (so that the
 * expected answer is known) with hostile content inside the cells, and arbitrary bytes.
 */
final class GeneratedBodies {

    /** Characters cells are made of: delimiters, quotes, line breaks, control characters, formula starts, non-ASCII. */
    private static final String NASTY = "aZ09 ,;\t\"'\r\n=+-@|\\\u0001\u001f\u007f\u00a0é€\u4e2d\u2028";
    private static final List<String> FORMATS = List.of("text/csv", "text/plain", "application/json");

    private GeneratedBodies() {
    }

    /**
     * A body and the rows it holds.
     *
     * @param contentType what it is sent as
     * @param bytes what is sent
     * @param urls the URL of every data row, in order (trimmed, as the service reads it)
     * @param cells the cells of every data row (CSV and text), in order
     * @param columns the input columns the answer echoes
     */
    record Body(String contentType, byte[] bytes, List<String> urls, List<List<String>> cells, List<String> columns) {

        @Override
        public String toString() {
            String text = new String(bytes, contentType.contains("UTF-16") ? StandardCharsets.UTF_16
                    : StandardCharsets.UTF_8);
            return contentType + " (" + urls.size() + " rows): " + (text.length() > 600
                    ? text.substring(0, 600) + "..." : text).replace("\r", "\\r").replace("\n", "\\n\n");
        }
    }

    /** One cell of hostile text: empty to {@code maxLength} characters of {@link #NASTY}, sometimes very long. */
    static Gen<String> cell(int maxLength) {
        Gen<String> shortCell = lists().of(integers().between(0, NASTY.length() - 1)).ofSizeBetween(0, maxLength)
                .map(indexes -> {
                    StringBuilder text = new StringBuilder();
                    indexes.forEach(i -> text.append(NASTY.charAt(i)));
                    return text.toString();
                });
        Gen<String> longCell = integers().between(1000, 5000).map(n -> "L".repeat(n));
        return shortCell.mix(longCell, 5);
    }

    /** A URL cell that identifies its row: valid (one upstream call) or invalid in a known way (none). */
    static Gen<String> url(int row) {
        return integers().between(0, 9).map(kind -> switch (kind) {
            case 0, 1, 2 -> "https://pbt.example/r" + row;
            case 3 -> "ftp://pbt.example/r" + row;
            case 4 -> "https://pbt.example/has space/r" + row;
            case 5 -> "=HYPERLINK(\"http://evil/r" + row + "\")";
            case 6 -> "https:///r" + row;
            default -> "not a url r" + row;
        });
    }

    /** Any of the three formats, well formed, with a known answer. */
    static Gen<Body> wellFormed() {
        return Generate.pick(FORMATS).flatMap(format -> switch (format) {
            case "text/csv" -> csv();
            case "text/plain" -> text();
            default -> json();
        });
    }

    /** A CSV table: header or not, {@code , ; tab} or Excel {@code sep=}, ragged rows, RFC 4180 quoting, BOMs. */
    static Gen<Body> csv() {
        Gen<Integer> rowCount = integers().between(1, 25);
        return rowCount.flatMap(rows -> integers().between(0, 5).zip(booleans().all(), booleans().all(),
                (shape, header, crlf) -> new int[] { rows, shape, header ? 1 : 0, crlf ? 1 : 0 }))
                .flatMap(p -> tableCells(p[0], p[1] == 0).zip(integers().between(0, 5),
                        (cells, encoding) -> csvBody(cells, p[1], p[2] == 1, p[3] == 1, encoding)));
    }

    private static Gen<List<List<String>>> tableCells(int rows, boolean oneColumn) {
        List<Gen<List<String>>> gens = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            Gen<String> url = url(r);
            gens.add(oneColumn ? url.map(u -> List.of(u))
                    : url.zip(lists().of(cell(12)).ofSizeBetween(1, 4), (u, rest) -> {
                        List<String> row = new ArrayList<>();
                        row.add(u);
                        row.addAll(rest);
                        return row;
                    }));
        }
        return sequence(gens);
    }

    private static Body csvBody(List<List<String>> rows, int shape, boolean header, boolean crlf, int encoding) {
        char delimiter = ",;\t".charAt(shape % 3);
        boolean excel = shape == 5;
        String eol = crlf ? "\r\n" : "\n";
        int width = rows.stream().mapToInt(List::size).max().orElse(1);
        StringBuilder text = new StringBuilder();
        if (excel && width > 1) {
            text.append("sep=").append(delimiter).append(eol);
        }
        List<String> columns = new ArrayList<>();
        if (header) {
            List<String> names = new ArrayList<>();
            names.add("Long URL");
            for (int i = 2; i <= Math.min(width, 3); i++) {
                names.add("note " + i);
            }
            text.append(line(names, delimiter)).append(eol);
            columns.addAll(names);
            for (int i = names.size() + 1; i <= width; i++) {
                columns.add("column_" + i);
            }
        } else {
            columns.add("url");
            for (int i = 2; i <= width; i++) {
                columns.add("column_" + i);
            }
        }
        List<String> urls = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            text.append(line(rows.get(r), delimiter));
            if (r < rows.size() - 1 || crlf) {
                text.append(eol);
            }
            urls.add(rows.get(r).get(0).trim());
        }
        return encode("text/csv", text.toString(), encoding, urls, rows, columns);
    }

    /** One URL per line, with blank lines and surrounding blanks that the service skips and strips. */
    static Gen<Body> text() {
        return integers().between(1, 25).flatMap(rows -> {
            List<Gen<String>> gens = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                gens.add(url(r).zip(integers().between(0, 3), (u, pad) -> " ".repeat(pad % 2) + u
                        + "\t".repeat(pad / 2)));
            }
            return sequence(gens).zip(integers().between(0, 5), (lines, encoding) -> {
                StringBuilder text = new StringBuilder();
                List<String> urls = new ArrayList<>();
                List<List<String>> cells = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    String url = lines.get(i).strip();
                    // A URL that is only blanks or holds a line break would not be one row: keep the model exact.
                    text.append(lines.get(i).replace("\r", "").replace("\n", "")).append(i % 3 == 0 ? "\r\n\n" : "\n");
                    urls.add(url);
                    cells.add(List.of(url));
                }
                return encode("text/plain", text.toString(), encoding, urls, cells, List.of("url"));
            });
        });
    }

    /** An array of strings and {url, alias} objects, with junk elements that become error rows. */
    static Gen<Body> json() {
        ObjectMapper json = new ObjectMapper();
        return integers().between(1, 25).flatMap(rows -> {
            List<Gen<Object>> gens = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                int row = r;
                gens.add(url(r).zip(integers().between(0, 4), cell(10), (u, kind, alias) -> switch (kind) {
                    case 0, 1 -> u;
                    case 2 -> Map.of("url", u);
                    case 3 -> Map.of("url", u, "alias", "a" + row);
                    default -> Map.of("note", alias);
                }));
            }
            return sequence(gens).zip(booleans().all(), (elements, bom) -> {
                List<String> urls = new ArrayList<>();
                for (Object element : elements) {
                    urls.add(element instanceof String s ? s.trim()
                            : element instanceof Map<?, ?> m && m.get("url") != null
                                    ? ((String) m.get("url")).trim() : "");
                }
                try {
                    String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(elements);
                    return encode("application/json", text, bom ? 1 : 0, urls, List.of(), List.of());
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
    }

    /** Arbitrary bytes under any of the three content types, with and without charset, BOM or structure. */
    static Gen<Body> arbitrary() {
        Gen<byte[]> noise = lists().of(integers().between(0, 255)).ofSizeBetween(0, 300).map(values -> {
            byte[] bytes = new byte[values.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (int) values.get(i);
            }
            return bytes;
        });
        Gen<String> type = Generate.pick(List.of("text/csv", "text/plain", "application/json",
                "text/csv; charset=UTF-16", "text/plain; charset=windows-1252", "application/json; charset=UTF-8",
                "text/csv; charset=ISO-8859-1"));
        Gen<byte[]> prefix = Generate.pick(List.of(new byte[0], new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF },
                new byte[] { (byte) 0xFF, (byte) 0xFE }, new byte[] { (byte) 0xFE, (byte) 0xFF },
                "url,name\n".getBytes(StandardCharsets.UTF_8), "[\"https://pbt.example/a\",".getBytes(
                        StandardCharsets.UTF_8), "sep=;\n".getBytes(StandardCharsets.UTF_8)));
        return type.zip(prefix, noise, (t, p, n) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(p);
            out.writeBytes(n);
            return new Body(t, out.toByteArray(), List.of(), List.of(), List.of());
        });
    }

    /** RFC 4180: a cell is quoted when it holds a delimiter candidate, a quote or a line break, or edge blanks. */
    private static String line(List<String> cells, char delimiter) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(delimiter);
            }
            String cell = cells.get(i);
            boolean quote = !cell.isEmpty() && cell.chars().anyMatch(c -> ",;\t\"\r\n".indexOf(c) >= 0)
                    || cell.strip().length() != cell.length();
            line.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        return line.toString();
    }

    /**
     * Encoding 0: UTF-8; 1: UTF-8 with BOM; 2: UTF-16LE with BOM (Excel "Unicode Text"); 3: UTF-16BE with BOM; 4: UTF-8
     * declared in Content-Type; 5: UTF-16LE declared in Content-Type, no BOM.
     */
    private static Body encode(String type, String text, int encoding, List<String> urls, List<List<String>> cells,
            List<String> columns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Charset charset = switch (encoding) {
            case 2, 5 -> StandardCharsets.UTF_16LE;
            case 3 -> StandardCharsets.UTF_16BE;
            default -> StandardCharsets.UTF_8;
        };
        if (encoding >= 1 && encoding <= 3) {
            out.writeBytes("\uFEFF".getBytes(charset));
        }
        out.writeBytes(text.getBytes(charset));
        String contentType = switch (encoding) {
            case 4 -> type + "; charset=utf-8";
            case 5 -> type + "; charset=UTF-16LE";
            default -> type;
        };
        return new Body(contentType, out.toByteArray(), urls, cells, columns);
    }

    private static <T> Gen<List<T>> sequence(List<Gen<T>> gens) {
        Gen<List<T>> all = Generate.constant(List::of);
        for (Gen<T> gen : gens) {
            all = all.zip(gen, (list, item) -> {
                List<T> more = new ArrayList<>(list);
                more.add(item);
                return more;
            });
        }
        return all;
    }
}
