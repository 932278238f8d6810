package dev.shortener.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.shortener.error.RequestRejectedException;

/** Files as spreadsheets and editors export them: byte-order marks, UTF-16, declared charsets, Excel's sep= line. */
class BodyEncodingTest {

    private final Ingest ingest = Read.ingest();

    @Test
    void utf8ByteOrderMarkIsNotPartOfTheFirstHeader() {
        Read read = Read.of(ingest, "text/csv", "\uFEFFurl,name\nhttps://example.com/a,A\n");

        assertEquals(List.of("url", "name"), read.columns());
        assertEquals(List.of("https://example.com/a"), read.urls());
    }

    @Test
    void excelUnicodeTextIsUtf16LittleEndianWithBomAndTabs() {
        byte[] body = withBom(new byte[] { (byte) 0xFF, (byte) 0xFE },
                "Long URL\tname\r\nhttps://example.com/ü\tZoë\r\n", StandardCharsets.UTF_16LE);

        Read read = Read.of(ingest, "text/csv", body);

        assertEquals(List.of("Long URL", "name"), read.columns());
        assertEquals(List.of("https://example.com/ü"), read.urls());
        assertEquals(List.of("https://example.com/ü", "Zoë"), read.rows().get(0).cells());
    }

    @Test
    void utf16BigEndianWithBomIsDecodedWhateverTheDeclaredCharset() {
        byte[] body = withBom(new byte[] { (byte) 0xFE, (byte) 0xFF }, "https://example.com/ß\n",
                StandardCharsets.UTF_16BE);

        Read read = Read.of(ingest, "text/plain; charset=ISO-8859-1", body);

        assertEquals(List.of("https://example.com/ß"), read.urls());
    }

    @Test
    void declaredLatin1AndWindows1252AreDecoded() {
        Read latin1 = Read.of(ingest, "text/csv; charset=ISO-8859-1", "url,name\nhttps://example.com/a,Café\n",
                StandardCharsets.ISO_8859_1);
        Read windows = Read.of(ingest, "text/csv;charset=windows-1252", "url,price\nhttps://example.com/a,5 €\n",
                Charset.forName("windows-1252"));

        assertEquals("Café", latin1.rows().get(0).cells().get(1));
        assertEquals("5 €", windows.rows().get(0).cells().get(1));
    }

    @Test
    void invalidUtf8Is415NamingTheLineAndTheCharsetToSend() {
        byte[] body = concat("url\nhttps://example.com/a\nhttps://example.com/".getBytes(StandardCharsets.UTF_8),
                new byte[] { (byte) 0xE9, '\n' });

        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "text/csv", body));

        assertEquals(415, refusal.status());
        assertEquals("the body is not valid UTF-8: bytes at line 3 do not decode; send UTF-8, or name the file's "
                + "charset in Content-Type, e.g. 'text/csv; charset=windows-1252'", refusal.getMessage());
    }

    @Test
    void bytesUndefinedInTheDeclaredCharsetAre415SayingSo() {
        byte[] body = concat("https://example.com/".getBytes(StandardCharsets.US_ASCII), new byte[] { (byte) 0x81 });

        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "text/plain; charset=windows-1252", body));

        assertEquals(415, refusal.status());
        assertTrue(refusal.getMessage().startsWith("the body is not valid windows-1252: bytes at line 1"),
                refusal.getMessage());
        assertTrue(refusal.getMessage().contains("the charset named in Content-Type"), refusal.getMessage());
    }

    @Test
    void invalidBytesInJsonAreRefusedToo() {
        byte[] body = concat("[\"https://example.com/".getBytes(StandardCharsets.UTF_8),
                new byte[] { (byte) 0xC3, (byte) 0x28, '"', ']' });

        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "application/json", body));

        assertEquals(415, refusal.status());
    }

    @Test
    void unknownCharsetIs415() {
        RequestRejectedException refusal = assertThrows(RequestRejectedException.class,
                () -> Read.of(ingest, "text/csv; charset=klingon", "url\nhttps://example.com/a\n"));

        assertEquals(415, refusal.status());
        assertTrue(refusal.getMessage().contains("'klingon'"), refusal.getMessage());
    }

    @Test
    void excelSeparatorLineSetsTheDelimiterAndIsNotData() {
        Read read = Read.of(ingest, "text/csv", "sep=;\r\nname;url\r\nA,B;https://example.com/a,b\r\n");

        assertEquals(List.of("name", "url"), read.columns());
        assertEquals(List.of("https://example.com/a,b"), read.urls());
        assertEquals(List.of(3), read.lines());
    }

    @Test
    void excelSeparatorLineWithoutHeaderMakesTheFirstRowData() {
        Read read = Read.of(ingest, "text/csv", "SEP=|\nhttps://example.com/a|x\nhttps://example.com/b|y\n");

        assertEquals(List.of("url", "column_2"), read.columns());
        assertEquals(List.of("https://example.com/a", "https://example.com/b"), read.urls());
        assertEquals(List.of(2, 3), read.lines());
    }

    @Test
    void aUrlThatMerelyStartsWithSepIsData() {
        Read read = Read.of(ingest, "text/csv", "sep=;x\nhttps://example.com/a\n");

        assertEquals(2, read.rows().size());
    }

    private static byte[] withBom(byte[] bom, String text, Charset charset) {
        return concat(bom, text.getBytes(charset));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
