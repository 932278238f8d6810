package dev.shortener.qr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static dev.shortener.Fixtures.stubShortUrl;
import static dev.shortener.JobsFixtures.awaitFinished;
import static dev.shortener.JobsFixtures.submit;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import dev.shortener.WireMockUpstreamResource;
import dev.shortener.api.Problem;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /jobs/{id}/qr.zip}: every code in the ZIP decodes (with ZXing) back to its row's short URL. */
@QuarkusTest
class QrZipTest {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern MODULE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");
    private static final int PIXELS_PER_MODULE = 6;

    @Test
    void svgCodesOfTheOkRowsDecodeToTheirShortUrlsNamedByDataRow() throws Exception {
        List<String> urls = urls("svg");
        String id = finishedJob(urls);

        Map<String, byte[]> zip = unzip(request().get("/jobs/" + id + "/qr.zip")
                .then().statusCode(200)
                .contentType(startsWith("application/zip"))
                .header("Content-Disposition", containsString("job-" + id + "-qr.zip"))
                .extract().asByteArray());

        // Data rows 1..6: three ok, an invalid one (row 2), then two more ok.
        List<String> index = new String(zip.get("index.csv"), StandardCharsets.UTF_8).lines().toList();
        assertEquals("row,short_url,file", index.get(0));
        assertEquals(List.of(1, 3, 4, 5, 6), index.stream().skip(1).map(l -> Integer.parseInt(l.split(",")[0]))
                .toList());
        assertEquals(List.of("index.csv", "000001.svg", "000003.svg", "000004.svg", "000005.svg", "000006.svg"),
                List.copyOf(zip.keySet()));
        for (String line : index.subList(1, index.size())) {
            String[] fields = line.split(",");
            String svg = new String(zip.get(fields[2]), StandardCharsets.UTF_8);
            assertTrue(svg.startsWith("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
            assertEquals(fields[1], decode(renderSvg(svg)), fields[2]);
        }
        assertEquals(stubShortUrl(urls.get(0)), index.get(1).split(",")[1]);
    }

    @Test
    void pngCodesOfTheRequestedSizeDecodeToTheirShortUrls() throws Exception {
        List<String> urls = urls("png");
        String id = finishedJob(urls);

        Map<String, byte[]> zip = unzip(request().get("/jobs/" + id + "/qr.zip?format=png&size=300")
                .then().statusCode(200).extract().asByteArray());

        List<String> index = new String(zip.get("index.csv"), StandardCharsets.UTF_8).lines().skip(1).toList();
        assertEquals(5, index.size());
        for (String line : index) {
            String[] fields = line.split(",");
            assertTrue(fields[2].endsWith(".png"), line);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(zip.get(fields[2])));
            assertEquals(300, image.getWidth());
            assertEquals(300, image.getHeight());
            assertEquals(fields[1], decode(image), fields[2]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "format=gif", "format=png&size=63", "format=png&size=2049", "size=big" })
    void badOptionsAreA400NamingTheParameter(String query) {
        request().get("/jobs/" + UUID.randomUUID() + "/qr.zip?" + query).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("query parameter '" + query.replaceAll(".*&|=.*", "") + "'"));
    }

    @Test
    void aRunningJobIsAConflictAndAnUnknownOneNotFound() {
        WireMockUpstreamResource.freshClient().register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .withQueryParam("url", matching(".*/qr-slow/.*"))
                .willReturn(aResponse().withFixedDelay(1500).withBody("https://tinyurl.com/slow")));
        String id = submit("text/plain", String.join("\n", IntStream.range(0, 20)
                .mapToObj(i -> "https://example.com/qr-slow/" + UUID.randomUUID()).toList()));
        request().get("/jobs/" + id + "/qr.zip").then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("its QR codes are ready when it has finished"));
        request().delete("/jobs/" + id).then().statusCode(200);
        request().get("/jobs/" + UUID.randomUUID() + "/qr.zip").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }

    private static List<String> urls(String kind) {
        String run = UUID.randomUUID().toString();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            urls.add(i == 1 ? "not a url" : "https://example.com/qr/" + kind + "/" + run + "/" + i);
        }
        return urls;
    }

    private static String finishedJob(List<String> urls) {
        String id = submit("text/plain", String.join("\n", urls) + "\n");
        assertEquals("succeeded", awaitFinished(id).getString("state"));
        return id;
    }

    private static Map<String, byte[]> unzip(byte[] body) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** Draws the SVG's module squares, each {@link #PIXELS_PER_MODULE} pixels wide, black on white. */
    private static BufferedImage renderSvg(String svg) {
        Matcher box = VIEW_BOX.matcher(svg);
        assertTrue(box.find(), svg);
        int side = Integer.parseInt(box.group(1)) * PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, 0xFFFFFF);
            }
        }
        Matcher module = MODULE.matcher(svg);
        while (module.find()) {
            int mx = Integer.parseInt(module.group(1)) * PIXELS_PER_MODULE;
            int my = Integer.parseInt(module.group(2)) * PIXELS_PER_MODULE;
            for (int dy = 0; dy < PIXELS_PER_MODULE; dy++) {
                for (int dx = 0; dx < PIXELS_PER_MODULE; dx++) {
                    image.setRGB(mx + dx, my + dy, 0x000000);
                }
            }
        }
        return image;
    }

    private static String decode(BufferedImage image) throws NotFoundException, ChecksumException, FormatException {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
