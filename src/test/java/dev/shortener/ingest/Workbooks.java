package dev.shortener.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * xlsx files for the tests, written by Apache POI (another library than the service's reader), and zips with one
 * part rewritten, for the files no spreadsheet program writes (zip bombs, broken XML).
 */
public final class Workbooks {

    private Workbooks() {
    }

    /** The bytes of a workbook that {@code build} fills. */
    public static byte[] poi(Consumer<XSSFWorkbook> build) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            build.accept(workbook);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Excel 97-2003 {@code .xls} workbook (OLE2, POI's HSSF) with {@code url} in its first cell. */
    public static byte[] legacyXls(String url) {
        try (HSSFWorkbook workbook = new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.createSheet("Sheet1").createRow(0).createCell(0).setCellValue(url);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code xlsx} with the content of {@code part} replaced by what {@code rewrite} makes of it. */
    public static byte[] withPart(byte[] xlsx, String part, UnaryOperator<byte[]> rewrite) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals(part) ? rewrite.apply(content) : content);
                out.closeEntry();
            }
            out.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-sheet workbook whose sheet part is exactly {@code sheetXml} (no shared strings, no styles). */
    public static byte[] withSheetXml(String sheetXml) {
        byte[] base = poi(workbook -> workbook.createSheet("Sheet1").createRow(0).createCell(0)
                .setCellValue("https://example.com/placeholder"));
        return withPart(base, "xl/worksheets/sheet1.xml", old -> sheetXml.getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
