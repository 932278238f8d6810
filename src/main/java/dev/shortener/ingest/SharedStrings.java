package dev.shortener.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared-string table of a workbook, packed: UTF-8 bytes in 4 MiB chunks and one {@code long} per string, instead
 * of a {@link String} each (a 1,000,000-row sheet from Excel has two million of them: about 60 MB packed instead of
 * 150 MB). A string longer than any cell may be is kept only as "too long", for the cell that uses it to be refused.
 */
final class SharedStrings {

    private static final int CHUNK = 1 << 22;
    private static final long TOO_LONG = -1;

    private final int maxLength;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    private long[] refs = new long[1024];
    private int size;

    SharedStrings(int maxLength) {
        this.maxLength = Math.min(maxLength, CHUNK / 3); // a string's UTF-8 bytes must fit in its length field
    }

    void add(String text) {
        if (size == refs.length) {
            refs = Arrays.copyOf(refs, size * 2);
        }
        if (text.length() > maxLength) {
            refs[size++] = TOO_LONG;
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (current == null || used + bytes.length > CHUNK) {
            current = new byte[Math.max(CHUNK, bytes.length)];
            chunks.add(current);
            used = 0;
        }
        System.arraycopy(bytes, 0, current, used, bytes.length);
        // chunk index (20 bits) | offset in the chunk (22 bits) | length (22 bits)
        refs[size++] = ((long) (chunks.size() - 1) << 44) | ((long) used << 22) | bytes.length;
        used += bytes.length;
    }

    int size() {
        return size;
    }

    /** The string at {@code index}, or null when it was too long to keep; out-of-range indexes throw. */
    String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        long ref = refs[index];
        if (ref == TOO_LONG) {
            return null;
        }
        byte[] chunk = chunks.get((int) (ref >>> 44));
        return new String(chunk, (int) (ref >>> 22) & (CHUNK - 1), (int) ref & (CHUNK - 1), StandardCharsets.UTF_8);
    }
}
