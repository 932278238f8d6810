package dev.shortener.csv;

/** Small helpers shared by the body readers. */
final class Bodies {

    private Bodies() {
    }

    /** Removes a leading UTF-8 byte-order mark, which Excel writes and which is not part of the first cell. */
    static String stripBom(String text) {
        return text != null && !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }
}
