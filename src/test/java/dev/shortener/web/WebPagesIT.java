package dev.shortener.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.shortener.ingest.Workbooks;
import dev.shortener.results.XlsxResultsTestAccess;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The pages, driven in headless Chromium against the packaged service and a loopback upstream: what a person does,
 * checked by what they would see and get.
 */
@QuarkusIntegrationTest
class WebPagesIT extends BrowserPages {

    private static String links(int count, String prefix) {
        return "url,campaign\n" + IntStream.rangeClosed(1, count)
                .mapToObj(i -> "https://example.com/" + prefix + "/" + i + "," + "c" + (i % 3))
                .collect(Collectors.joining("\n")) + "\nnot-a-url,bad\n";
    }

    @Test
    void uploadedCsvRunsToOneHundredPercentAndDownloadsWhatShortenAnswers() throws Exception {
        // Enough rows for a few seconds on the threads model (10 at a time, 100 ms each): the bar is seen moving.
        String csv = links(600, "page");
        Path file = csvFile(csv);
        browser.driver.get(url("/"));
        new Select(browser.driver.findElement(By.id("model-select"))).selectByValue("threads");
        browser.driver.findElement(By.id("file-input")).sendKeys(file.toString());
        browser.driver.findElement(By.id("submit-button")).click();

        WebElement progress = browser.waitUpTo(30)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("job-progress")));
        // Best effort: a picture of the bar while it moves, for the README.
        try {
            browser.waitUpTo(10).until(d -> {
                int value = Integer.parseInt(progress.getDomProperty("value"));
                return value > 5 && value < 95;
            });
            browser.screenshot("shorten-mid-run");
        } catch (org.openqa.selenium.TimeoutException finishedTooFast) {
            browser.screenshot("shorten-mid-run");
        }
        browser.waitUpTo(60).until(ExpectedConditions.textToBe(By.id("job-state"), "succeeded"));
        assertThat(progress.getDomProperty("value")).isEqualTo("100");
        assertThat(browser.driver.findElement(By.id("job-counts")).getText()).contains("601 / 601 rows", "600 ok",
                "1 failed");

        // The preview marks the error row.
        WebElement preview = browser.waitUpTo(10)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-table")));
        assertThat(preview.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText).toList())
                .containsExactly("url", "campaign", "short_url", "status", "error");
        assertThat(preview.findElements(By.cssSelector("tbody tr"))).hasSize(20);

        browser.driver.findElement(By.id("download-link")).click();
        Path downloaded = browser.downloaded(".csv");
        byte[] expected = request().contentType("text/csv").body(csv).post("/shorten?model=threads")
                .then().statusCode(200).extract().asByteArray();
        assertThat(Files.readAllBytes(downloaded)).isEqualTo(expected);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anUploadedExcelFileRunsAndDownloadsAnXlsx() throws Exception {
        Path file = Files.createTempFile("links", ".xlsx");
        Files.write(file, Workbooks.poi(workbook -> {
            var sheet = workbook.createSheet("Links");
            sheet.createRow(0).createCell(0).setCellValue("url");
            for (int i = 1; i <= 30; i++) {
                sheet.createRow(i).createCell(0).setCellValue("https://example.com/page-xlsx/" + i);
            }
        }));
        browser.driver.get(url("/"));
        browser.driver.findElement(By.id("file-input")).sendKeys(file.toString());
        browser.driver.findElement(By.id("submit-button")).click();

        browser.waitUpTo(60).until(ExpectedConditions.textToBe(By.id("job-state"), "succeeded"));
        browser.driver.findElement(By.id("download-link")).click();
        Path downloaded = browser.downloaded(".xlsx");

        List<List<String>> rows = XlsxResultsTestAccess.read(Files.readAllBytes(downloaded));
        assertThat(rows).hasSize(31);
        assertThat(rows.get(0)).containsExactly("url", "short_url", "status", "error");
        assertThat(rows.get(30).get(0)).isEqualTo("https://example.com/page-xlsx/30");
        assertThat(rows.get(30).get(2)).isEqualTo("ok");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theUtmFieldsTagEveryUrlOfTheJob() {
        String url = "https://example.com/page/utm/" + UUID.randomUUID();
        browser.driver.get(url("/"));
        browser.driver.findElement(By.id("paste-input")).sendKeys(url + "?utm_source=own");
        browser.driver.findElement(By.id("utm-source")).sendKeys("newsletter");
        browser.driver.findElement(By.id("utm-campaign")).sendKeys("spring sale");
        browser.driver.findElement(By.id("submit-button")).click();

        browser.waitUpTo(60).until(ExpectedConditions.textToBe(By.id("job-state"), "succeeded"));
        WebElement preview = browser.waitUpTo(10)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-table")));
        assertThat(preview.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText).toList())
                .containsExactly("url", "tagged_url", "short_url", "status", "error");
        assertThat(preview.findElements(By.cssSelector("tbody td")).get(1).getText())
                .isEqualTo(url + "?utm_source=own&utm_campaign=spring%20sale");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aSlowJobCanBeCancelled() throws Exception {
        upstream.register(get(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching(".*/slow/.*"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody("https://tinyurl.com/slow")));
        browser.driver.get(url("/"));
        new Select(browser.driver.findElement(By.id("model-select"))).selectByValue("sync");
        browser.driver.findElement(By.id("file-input")).sendKeys(csvFile(links(40, "slow")).toString());
        browser.driver.findElement(By.id("submit-button")).click();
        browser.waitUpTo(30).until(ExpectedConditions.textToBe(By.id("job-state"), "running"));

        browser.driver.findElement(By.id("cancel-button")).click();
        browser.waitUpTo(30).until(ExpectedConditions.textToBe(By.id("job-state"), "cancelled"));
        assertThat(browser.driver.findElement(By.id("job-state")).getAttribute("class")).isEqualTo("state-cancelled");
        // Rows that never ran come back as errors that say so.
        browser.waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-table")));
        assertThat(browser.driver.findElements(By.cssSelector("#preview-table tr.row-error"))).isNotEmpty();
        assertThat(browser.driver.findElement(By.id("preview-table")).getText()).contains("cancelled");
    }

    @Test
    void aMalformedCsvShowsTheProblemDetailNextToTheFile() throws Exception {
        browser.driver.get(url("/"));
        browser.driver.findElement(By.id("file-input"))
                .sendKeys(csvFile("url\n\"https://example.com/unterminated,\nhttps://example.com/b\n").toString());
        browser.driver.findElement(By.id("submit-button")).click();
        WebElement error = browser.waitUpTo(20)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("form-error")));
        String expected = request().contentType("text/csv")
                .body("url\n\"https://example.com/unterminated,\nhttps://example.com/b\n").post("/jobs")
                .then().statusCode(400).extract().path("detail");
        assertThat(error.getText()).isEqualTo(expected).contains("line");
        assertThat(browser.driver.findElement(By.id("job-section")).isDisplayed()).isFalse();
    }

    @Test
    void theBenchmarkDrawsOneBarPerModelAndMarksTheFastest() {
        browser.driver.get(url("/benchmark"));
        List<String> models = browser.driver.findElements(By.cssSelector("input[name=models]")).stream()
                .map(box -> box.getAttribute("value")).toList();
        assertThat(models).contains("sync", "threads", "async", "virtual-threads");
        WebElement requests = browser.driver.findElement(By.id("requests-input"));
        requests.clear();
        requests.sendKeys("6");
        WebElement rounds = browser.driver.findElement(By.id("rounds-input"));
        rounds.clear();
        rounds.sendKeys("1");
        browser.driver.findElement(By.id("run-button")).click();

        browser.waitUpTo(120).until(d -> d.findElements(By.cssSelector("#chart .bar-row")).size() == models.size());
        List<String> drawn = browser.driver.findElements(By.cssSelector("#chart .bar-row")).stream()
                .map(bar -> bar.getAttribute("data-model")).toList();
        assertThat(drawn).containsExactlyInAnyOrderElementsOf(models);
        String fastest = request().get("/benchmark/latest").then().statusCode(200).extract().path("fastest");
        assertThat(browser.driver.findElement(By.cssSelector("#chart .bar-row.fastest")).getAttribute("data-model"))
                .isEqualTo(fastest);
        assertThat(browser.driver.findElements(By.cssSelector("#chart .floor-mark"))).hasSize(models.size());
        assertThat(browser.driver.findElement(By.id("auto-model")).getText()).isEqualTo(fastest);
        browser.screenshot("benchmark-chart");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void pagesFitAPhoneAndLabelEveryControl() {
        browser.close();
        browser = new Browser(390, 844);
        for (String page : List.of("/", "/jobs", "/benchmark")) {
            browser.driver.get(url(page));
            JavascriptExecutor js = browser.driver;
            Long overflow = (Long) js.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("horizontal overflow on %s", page).isLessThanOrEqualTo(0L);
            @SuppressWarnings("unchecked")
            List<String> unlabelled = (List<String>) js.executeScript("""
                    return [...document.querySelectorAll('main input, main select, main textarea')]
                      .filter(c => c.type !== 'hidden' && c.labels.length === 0 && !c.getAttribute('aria-label'))
                      .map(c => c.id || c.name);""");
            assertThat(unlabelled).as("controls without a label on %s", page).isEmpty();
        }
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
