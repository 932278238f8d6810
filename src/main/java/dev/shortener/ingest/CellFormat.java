package dev.shortener.ingest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A numeric cell as a spreadsheet shows it under its number format code (ECMA-376 18.8.31, in the {@code en-US}
 * rendering, as Apache POI's {@code DataFormatter} does): dates and times, decimals, thousands, percent, scientific,
 * literal text. Fractions and conditional sections fall back to General. The reader needs this because a cell stores
 * a date as a day count and a price as a bare double: the user expects back what they saw.
 */
final class CellFormat {

    private static final Map<String, String> BUILT_IN = Map.ofEntries(Map.entry("1", "0"), Map.entry("2", "0.00"),
            Map.entry("3", "#,##0"), Map.entry("4", "#,##0.00"), Map.entry("9", "0%"), Map.entry("10", "0.00%"),
            Map.entry("11", "0.00E+00"), Map.entry("12", "# ?/?"), Map.entry("13", "# ??/??"),
            Map.entry("14", "m/d/yy"), Map.entry("15", "d-mmm-yy"), Map.entry("16", "d-mmm"),
            Map.entry("17", "mmm-yy"), Map.entry("18", "h:mm AM/PM"), Map.entry("19", "h:mm:ss AM/PM"),
            Map.entry("20", "h:mm"), Map.entry("21", "h:mm:ss"), Map.entry("22", "m/d/yy h:mm"),
            Map.entry("37", "#,##0 ;(#,##0)"), Map.entry("38", "#,##0 ;[Red](#,##0)"),
            Map.entry("39", "#,##0.00;(#,##0.00)"), Map.entry("40", "#,##0.00;[Red](#,##0.00)"),
            Map.entry("45", "mm:ss"), Map.entry("46", "[h]:mm:ss"), Map.entry("47", "mm:ss.0"),
            Map.entry("48", "##0.0E+0"), Map.entry("49", "@"));
    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.US);

    private CellFormat() {
    }

    /** The code of built-in format {@code id}, or null (General, or unknown). */
    static String builtIn(String id) {
        return id == null ? null : BUILT_IN.get(id);
    }

    /** {@code raw} (a number as stored) as format {@code code} shows it; null code is General. */
    static String format(String raw, String code, boolean date1904) {
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
        if (code == null || Double.isNaN(value) || Double.isInfinite(value)) {
            return general(value);
        }
        List<String> sections = sections(code);
        String section = sections.get(0);
        boolean ownSign = false;
        if (value < 0 && sections.size() > 1) {
            section = sections.get(1);
            ownSign = true;
        } else if (value == 0 && sections.size() > 2) {
            section = sections.get(2);
        }
        if (section.contains("[<") || section.contains("[>") || section.contains("[=") || section.contains("/")
                && !isDate(section)) {
            return general(value);
        }
        String plain = stripBrackets(section);
        if (plain.isBlank() || plain.trim().equalsIgnoreCase("General") || plain.trim().equals("@")) {
            return general(value);
        }
        if (isDate(section)) {
            return value < 0 ? general(value) : date(value, section, date1904);
        }
        return number(ownSign ? Math.abs(value) : value, plain);
    }

    /** Excel's General: integers as they are, other numbers to 10 significant digits, very large or small in E. */
    static String general(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        double abs = Math.abs(value);
        if (abs >= 1e11 || abs < 1e-9) {
            return scientific(new DecimalFormat("0.#####E00", SYMBOLS).format(value));
        }
        return new BigDecimal(value).round(new MathContext(10, RoundingMode.HALF_UP)).stripTrailingZeros()
                .toPlainString();
    }

    private static String number(double value, String section) {
        StringBuilder pattern = new StringBuilder();
        boolean inDigits = false;
        for (int i = 0; i < section.length(); i++) {
            char c = section.charAt(i);
            switch (c) {
                case '0', '#', '.', ',', '%' -> pattern.append(c);
                case '?' -> pattern.append('#');
                case 'E', 'e' -> {
                    pattern.append('E');
                    if (i + 1 < section.length() && (section.charAt(i + 1) == '+' || section.charAt(i + 1) == '-')) {
                        i++;
                    }
                    inDigits = true;
                }
                case '"' -> {
                    int end = section.indexOf('"', i + 1);
                    end = end < 0 ? section.length() : end;
                    pattern.append(literal(section.substring(i + 1, end)));
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < section.length()) {
                        pattern.append(literal(String.valueOf(section.charAt(++i))));
                    }
                }
                case '_' -> {
                    i++;
                    pattern.append(' ');
                }
                case '*' -> i++;
                default -> pattern.append(literal(String.valueOf(c)));
            }
        }
        if (inDigits && pattern.indexOf("E") == pattern.length() - 1) {
            pattern.append('0');
        }
        DecimalFormat format = new DecimalFormat(pattern.toString(), SYMBOLS);
        format.setRoundingMode(RoundingMode.HALF_UP);
        String shown = format.format(value);
        return pattern.indexOf("E") >= 0 ? scientific(shown) : shown;
    }

    /** Excel writes {@code E+05} where DecimalFormat writes {@code E05}. */
    private static String scientific(String shown) {
        return shown.replaceFirst("E(\\d)", "E+$1");
    }

    private static String literal(String text) {
        return text.isEmpty() ? "" : "'" + text.replace("'", "''") + "'";
    }

    private static String date(double serial, String section, boolean date1904) {
        boolean fractionShown = section.matches("(?s).*[sS]+\\.0+.*");
        long millis = Math.round(serial * 86_400_000d);
        if (!fractionShown) {
            millis = Math.round(millis / 1000d) * 1000;
        }
        long days = Math.floorDiv(millis, 86_400_000L);
        long inDay = Math.floorMod(millis, 86_400_000L);
        LocalDate day = date1904 ? LocalDate.of(1904, 1, 1).plusDays(days)
                : days >= 61 ? LocalDate.of(1899, 12, 30).plusDays(days) : LocalDate.of(1899, 12, 31).plusDays(days);
        LocalDateTime at = day.atStartOfDay().plusNanos(inDay * 1_000_000L);
        return DateTokens.render(section, at, millis);
    }

    private static boolean isDate(String section) {
        String plain = stripQuoted(section).replaceAll("\\[(h+|m+|s+)]", "h").replaceAll("\\[[^]]*]", "");
        return plain.matches("(?is).*[ymdhs].*") && !plain.trim().equalsIgnoreCase("General");
    }

    private static String stripQuoted(String section) {
        return section.replaceAll("\"[^\"]*\"", "").replaceAll("\\\\.", "").replaceAll("[_*].", "");
    }

    /** The section without colour, locale and condition brackets; a currency bracket {@code [$€-407]} keeps €. */
    private static String stripBrackets(String section) {
        return section.replaceAll("\\[\\$([^-\\]]*)(-[^]]*)?]", "\"$1\"").replaceAll("\\[[^]]*]", "");
    }

    private static List<String> sections(String code) {
        List<String> sections = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\') {
                i++;
            } else if (c == ';' && !quoted) {
                sections.add(code.substring(start, i));
                start = i + 1;
            }
        }
        sections.add(code.substring(start));
        return sections;
    }
}
