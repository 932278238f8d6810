import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes the xlsx benchmark's input: a header {@code name,url} and N rows, strings in the shared-string table as Excel
 * writes them, and the same rows as CSV beside it. Run: {@code java -cp 'target/quarkus-app/lib/main/*'
 * bench/XlsxFile.java ROWS TAG OUT.xlsx [OUT.csv]}.
 */
public class XlsxFile {

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        String tag = args[1];
        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(args[2]), 1 << 16)) {
            Workbook workbook = new Workbook(out, "bench", null);
            Worksheet sheet = workbook.newWorksheet("Links");
            sheet.value(0, 0, "name");
            sheet.value(0, 1, "url");
            for (int i = 0; i < rows; i++) {
                sheet.value(i + 1, 0, "row" + i);
                sheet.value(i + 1, 1, url(tag, i));
                if (i % 1000 == 999) {
                    sheet.flush();
                }
            }
            workbook.finish();
        }
        if (args.length > 3) {
            try (OutputStream out = new BufferedOutputStream(new FileOutputStream(args[3]), 1 << 16)) {
                out.write("name,url\n".getBytes());
                for (int i = 0; i < rows; i++) {
                    out.write(("row" + i + "," + url(tag, i) + "\n").getBytes());
                }
            }
        }
    }

    private static String url(String tag, int i) {
        return "https://example.com/" + tag + "/" + i + "?q=" + (i * 7919L % 100003);
    }
}
