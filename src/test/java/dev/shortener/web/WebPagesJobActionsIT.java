package dev.shortener.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The page's controls around a job (provider, webhook, retry, QR codes), in headless Chromium as in WebPagesIT. */
@QuarkusIntegrationTest
class WebPagesJobActionsIT extends BrowserPages {

    @Test
    void failedRowsAreRetriedFromThePageAndItsQrCodesDownloadAsAZip() throws Exception {
        StubMapping outage = upstream.register(get(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching(".*/flaky/.*"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("down")));
        String csv = "url\n" + IntStream.rangeClosed(1, 6).mapToObj(i -> "https://example.com/"
                + (i % 2 == 0 ? "flaky" : "steady") + "/" + System.nanoTime() + "/" + i)
                .collect(Collectors.joining("\n")) + "\n";
        browser.driver.get(url("/"));
        new Select(browser.driver.findElement(By.id("provider-select"))).selectByValue("tinyurl-legacy");
        browser.driver.findElement(By.id("file-input")).sendKeys(csvFile(csv).toString());
        browser.driver.findElement(By.id("submit-button")).click();
        browser.waitUpTo(60).until(ExpectedConditions.textToBe(By.id("job-state"), "succeeded"));
        assertThat(browser.driver.findElement(By.id("job-counts")).getText()).contains("3 ok", "3 failed");
        WebElement retry = browser.waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("retry-button")));
        assertThat(retry.getText()).isEqualTo("Retry failed rows");

        upstream.removeStubMapping(outage);
        retry.click();
        browser.waitUpTo(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-counts"),
                "6 ok"));
        browser.waitUpTo(10).until(ExpectedConditions.textToBe(By.id("job-state"), "succeeded"));
        assertThat(browser.driver.findElement(By.id("job-counts")).getText()).contains("0 failed");
        String id = browser.driver.findElement(By.id("job-id")).getText();
        assertThat(request().get("/jobs/" + id).then().statusCode(200).extract().<String>path("provider"))
                .isEqualTo("tinyurl-legacy");

        WebElement qr = browser.waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("qr-link")));
        assertThat(browser.driver.findElement(By.id("retry-button")).isDisplayed()).isFalse();
        qr.click();
        Path zip = browser.downloaded(".zip");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.add(entry.getName());
            }
        }
        assertThat(entries).containsExactly("index.csv", "000001.svg", "000002.svg", "000003.svg", "000004.svg",
                "000005.svg", "000006.svg");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aCallbackTheServiceMustNotCallIsRefusedNextToTheForm() throws Exception {
        browser.driver.get(url("/"));
        browser.driver.findElement(By.id("paste-input")).sendKeys("https://example.com/callback-page");
        browser.driver.findElement(By.id("callback-input")).sendKeys("https://127.0.0.1/hook");
        browser.driver.findElement(By.id("submit-button")).click();
        WebElement error = browser.waitUpTo(20)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("form-error")));
        assertThat(error.getText()).contains("query parameter 'callback'", "127.0.0.1");
        assertThat(browser.driver.findElement(By.id("job-section")).isDisplayed()).isFalse();
    }
}
