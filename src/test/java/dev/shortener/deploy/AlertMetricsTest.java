package dev.shortener.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.shortener.JobsFixtures;
import dev.shortener.ManagementPortResource;
import dev.shortener.WireMockUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The optional monitoring component (k8s/components/monitoring) watches metrics this service really publishes: after
 * a job, a refused upstream call and a readiness probe, every series its alerts and dashboard select is in
 * /q/metrics, with the label values they match.
 */
@QuarkusTest
class AlertMetricsTest {

    private static final Path MONITORING = Path.of("k8s/components/monitoring");
    /** Metric names in PromQL: the prefixes of this service's, Micrometer's JVM/process and HTTP server meters. */
    private static final Pattern SELECTOR = Pattern.compile(
            "\\b((?:shortener|jvm|process|system|http_server)_[a-z0-9_]+)\\s*(?:\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    /** Labels Prometheus adds when it scrapes through the ServiceMonitor; the service itself never has them. */
    private static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "instance", "job", "service",
            "endpoint", "container");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sample line of /q/metrics: its name and labels. */
    record Sample(String name, Map<String, String> labels) {
    }

    private static List<Sample> scraped;

    /** Once per class (the tests only read the scrape); in a @BeforeEach, where RestAssured has the test ports. */
    @BeforeEach
    void exerciseTheServiceOnce() {
        if (scraped != null) {
            return;
        }
        // A job with one row that is shortened and one that is not: job rows of both outcomes.
        String id = JobsFixtures.submit("text/plain", "https://example.com/alerts/" + UUID.randomUUID()
                + "\nnot a url\n");
        assertEquals("succeeded", JobsFixtures.awaitFinished(id).getString("state"));
        // An upstream that refuses with 503: the status the 5xx alert selects.
        WireMock wiremock = WireMockUpstreamResource.freshClient();
        StubMapping refusing = wiremock.register(get(urlPathEqualTo("/api-create.php")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        try {
            given().contentType("text/plain; charset=UTF-8").body("https://example.com/alerts/refused\n")
                    .when().post("/shorten")
                    .then().statusCode(200).header("X-Shortener-Failed", "1");
        } finally {
            wiremock.removeStubMapping(refusing);
        }
        given().get(ManagementPortResource.url("/q/health/ready")).then().statusCode(200);
        scraped = parse(given().get(ManagementPortResource.url("/q/metrics")).then().statusCode(200)
                .extract().asString());
    }

    @Test
    void everyAlertSelectsSeriesTheServicePublishes() throws IOException {
        JsonNode rule = YAML.readTree(MONITORING.resolve("prometheusrule.yaml").toFile());
        List<String> alerts = new ArrayList<>();
        for (JsonNode r : rule.at("/spec/groups/0/rules")) {
            alerts.add(r.get("alert").asText());
            assertSelectsPublishedSeries(r.get("alert").asText(), r.get("expr").asText());
        }
        assertTrue(alerts.containsAll(List.of("TinyurlBatchJobRowsFailing", "TinyurlBatchUpstreamErrors",
                "TinyurlBatchProviderPaused", "TinyurlBatchReadinessFlapping")), alerts.toString());
    }

    @Test
    void everyDashboardPanelSelectsSeriesTheServicePublishes() throws IOException {
        JsonNode dashboard = JSON.readTree(MONITORING.resolve("dashboard.json").toFile());
        assertFalse(dashboard.get("panels").isEmpty());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                assertSelectsPublishedSeries(panel.get("title").asText(), target.get("expr").asText());
            }
        }
    }

    @Test
    void readinessChangesAreCountedFromTheFirstProbe() {
        // Both statuses exist from start-up, so that the first flap already moves a rate.
        assertTrue(scraped.contains(new Sample("shortener_readiness_changes_total", Map.of("status", "down"))));
        assertTrue(scraped.contains(new Sample("shortener_readiness_changes_total", Map.of("status", "up"))));
    }

    @Test
    void componentRendersWithAnOverlayAndScrapesTheManagementPort() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not on the PATH");
        // Kustomize loads only below the kustomization's own directory: an overlay in target/ that adds the component.
        Path overlay = Files.createDirectories(Path.of("target/kustomize-monitoring"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../k8s/overlays/jvm
                components:
                  - ../../k8s/components/monitoring
                """);
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).start();
        String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize timed out");
        assertEquals(0, kubectl.exitValue(), errors);
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode doc : YAML.readValues(YAML.createParser(rendered), JsonNode.class).readAll()) {
            byKind.put(doc.get("kind").asText() + "/" + doc.at("/metadata/name").asText(), doc);
        }
        JsonNode monitor = byKind.get("ServiceMonitor/tinyurl-batch");
        JsonNode service = byKind.get("Service/tinyurl-batch-metrics");
        JsonNode deployment = byKind.get("Deployment/tinyurl-batch");
        assertTrue(monitor != null && service != null && deployment != null, byKind.keySet().toString());
        assertTrue(byKind.containsKey("PrometheusRule/tinyurl-batch"), byKind.keySet().toString());
        assertEquals("1", byKind.get("ConfigMap/tinyurl-batch-grafana-dashboard")
                .at("/metadata/labels/grafana_dashboard").asText());
        // ServiceMonitor -> metrics Service (by labels and port name) -> the container's management port.
        monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label -> assertEquals(
                label.getValue().asText(), service.at("/metadata/labels").path(label.getKey()).asText(), label.getKey()));
        assertEquals(monitor.at("/spec/endpoints/0/port").asText(), service.at("/spec/ports/0/name").asText());
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        String targetPort = service.at("/spec/ports/0/targetPort").asText();
        int containerPort = -1;
        for (JsonNode port : deployment.at("/spec/template/spec/containers/0/ports")) {
            if (port.get("name").asText().equals(targetPort)) {
                containerPort = port.get("containerPort").asInt();
            }
        }
        assertEquals(9000, containerPort, "the metrics Service's targetPort names the container port of the "
                + "management interface (quarkus.management.port, 9000 by default)");
    }

    private static void assertSelectsPublishedSeries(String where, String expr) {
        Matcher selector = SELECTOR.matcher(expr);
        Set<String> names = new LinkedHashSet<>();
        while (selector.find()) {
            String name = selector.group(1);
            names.add(name);
            Map<String, Pattern> wanted = new HashMap<>();
            Matcher m = MATCHER.matcher(selector.group(2) == null ? "" : selector.group(2));
            while (m.find()) {
                boolean positive = m.group(2).equals("=") || m.group(2).equals("=~");
                if (positive && !TARGET_LABELS.contains(m.group(1)) && !m.group(3).contains("$")) {
                    wanted.put(m.group(1), Pattern.compile(m.group(2).equals("=") ? Pattern.quote(m.group(3))
                            : m.group(3)));
                }
            }
            assertTrue(scraped.stream().anyMatch(s -> s.name().equals(name) && wanted.entrySet().stream()
                    .allMatch(w -> s.labels().containsKey(w.getKey())
                            && w.getValue().matcher(s.labels().get(w.getKey())).matches())),
                    where + ": no series " + name + " with " + wanted + " in /q/metrics");
        }
        assertFalse(names.isEmpty(), where + ": no metric of this service in " + expr);
    }

    private static List<Sample> parse(String exposition) {
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+.*$");
        List<Sample> samples = new ArrayList<>();
        for (String text : exposition.split("\n")) {
            Matcher m = line.matcher(text);
            if (text.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher label = MATCHER.matcher(m.group(2) == null ? "" : m.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(3));
            }
            samples.add(new Sample(m.group(1), labels));
        }
        return samples;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
