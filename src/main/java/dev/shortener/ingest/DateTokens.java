package dev.shortener.ingest;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The date and time tokens of one number-format section ({@code yyyy mmm d h:mm:ss AM/PM [h] "text"...}) rendered for
 * one instant, in the {@code en-US} names Excel uses; {@code m} is minutes after an hour or before seconds.
 */
final class DateTokens {

    private DateTokens() {
    }

    /** {@code section} rendered for {@code at}; {@code millis} (since the epoch of serial 0) feeds {@code [h]}. */
    static String render(String section, LocalDateTime at, long millis) {
        String lower = section.toLowerCase(Locale.ROOT);
        boolean twelveHour = lower.contains("am/pm") || lower.contains("a/p");
        StringBuilder out = new StringBuilder();
        char lastTimeToken = 0;
        for (int i = 0; i < section.length(); i++) {
            char c = section.charAt(i);
            char k = Character.toLowerCase(c);
            int run = run(lower, i);
            if (c == '"') {
                int end = section.indexOf('"', i + 1);
                end = end < 0 ? section.length() : end;
                out.append(section, i + 1, end);
                i = end;
            } else if (c == '\\' && i + 1 < section.length()) {
                out.append(section.charAt(++i));
            } else if (c == '_' && i + 1 < section.length()) {
                out.append(' ');
                i++;
            } else if (c == '*' && i + 1 < section.length()) {
                i++;
            } else if (c == '[') {
                int end = section.indexOf(']', i);
                end = end < 0 ? section.length() - 1 : end;
                String inside = lower.substring(i + 1, end);
                long seconds = Math.floorDiv(millis, 1000L);
                if (inside.matches("h+")) {
                    out.append(pad(seconds / 3600, inside.length()));
                    lastTimeToken = 'h';
                } else if (inside.matches("m+")) {
                    out.append(pad(seconds / 60, inside.length()));
                } else if (inside.matches("s+")) {
                    out.append(pad(seconds, inside.length()));
                }
                i = end;
            } else if (lower.startsWith("am/pm", i)) {
                out.append(at.getHour() < 12 ? "AM" : "PM");
                i += 4;
            } else if (lower.startsWith("a/p", i)) {
                out.append(at.getHour() < 12 ? "A" : "P");
                i += 2;
            } else if (k == 'y') {
                out.append(run <= 2 ? pad(at.getYear() % 100, 2) : pad(at.getYear(), 4));
                i += run - 1;
            } else if (k == 'm') {
                boolean minutes = run <= 2 && (lastTimeToken == 'h' || nextIsSeconds(lower, i + run));
                out.append(minutes ? pad(at.getMinute(), run) : month(at, run));
                lastTimeToken = minutes ? 'm' : 0;
                i += run - 1;
            } else if (k == 'd') {
                out.append(run <= 2 ? pad(at.getDayOfMonth(), run) : at.getDayOfWeek()
                        .getDisplayName(run == 3 ? TextStyle.SHORT : TextStyle.FULL, Locale.US));
                i += run - 1;
            } else if (k == 'h') {
                int hour = twelveHour ? (at.getHour() + 11) % 12 + 1 : at.getHour();
                out.append(pad(hour, Math.min(run, 2)));
                lastTimeToken = 'h';
                i += run - 1;
            } else if (k == 's') {
                out.append(pad(at.getSecond(), Math.min(run, 2)));
                lastTimeToken = 's';
                i += run - 1;
                int zeros = 0;
                while (section.startsWith(".", i + 1) && i + 2 + zeros < section.length()
                        && section.charAt(i + 2 + zeros) == '0') {
                    zeros++;
                }
                if (zeros > 0) {
                    String fraction = String.format(Locale.ROOT, "%03d", at.getNano() / 1_000_000);
                    out.append('.').append(fraction, 0, Math.min(zeros, 3));
                    i += zeros + 1;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean nextIsSeconds(String lower, int from) {
        for (int i = from; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == 's') {
                return true;
            }
            if (Character.isLetter(c) || c == '[') {
                return false;
            }
        }
        return false;
    }

    private static String month(LocalDateTime at, int run) {
        return switch (run) {
            case 1, 2 -> pad(at.getMonthValue(), run);
            case 3 -> at.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
            case 5 -> at.getMonth().getDisplayName(TextStyle.NARROW, Locale.US);
            default -> at.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
        };
    }

    private static int run(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) == text.charAt(from)) {
            end++;
        }
        return end - from;
    }

    private static String pad(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
