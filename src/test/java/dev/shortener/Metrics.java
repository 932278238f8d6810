package dev.shortener;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.util.HashMap;
import java.util.Map;

/** One scrape of the Prometheus endpoint (on the management interface), as series -> value. */
public final class Metrics {

    private final Map<String, Double> series;

    private Metrics(Map<String, Double> series) {
        this.series = series;
    }

    /** Scrapes {@code url} (a {@code @TestHTTPResource(value = "/metrics", management = true)}). */
    public static Metrics scrape(URL url) {
        String body = given().get(url).then().statusCode(200).extract().asString();
        Map<String, Double> series = new HashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Metrics(series);
    }

    /** The value of one series, e.g. {@code shortener_rows_total{model="async",status="ok"}}; 0 when absent. */
    public double value(String seriesName) {
        return series.getOrDefault(seriesName, 0.0);
    }

    /** Whether the series exists. */
    public boolean has(String seriesName) {
        return series.containsKey(seriesName);
    }

    /** How much {@code seriesName} grew since {@code before}. */
    public double since(Metrics before, String seriesName) {
        return value(seriesName) - before.value(seriesName);
    }
}
