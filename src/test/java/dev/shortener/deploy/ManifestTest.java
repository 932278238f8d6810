package dev.shortener.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.shortener.config.ShortenerConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * Checks the container and Kubernetes manifests against the service they deploy: config keys, health paths,
 * port, shutdown timing, hardening, and which Dockerfile builds each overlay's image. Plain JUnit: no Quarkus boot.
 * Files under k8s/ are always parsed directly; overlays are also rendered with {@code kubectl kustomize} when
 * kubectl is on the PATH.
 */
class ManifestTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path K8S = ROOT.resolve("k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path OVERLAYS = K8S.resolve("overlays");
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path APPLICATION_PROPERTIES = ROOT.resolve("src/main/resources/application.properties");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private static final String LIVE = "/q/health/live";
    private static final String READY = "/q/health/ready";
    private static final String STARTED = "/q/health/started";
    private static final String TOKEN_ENV = "SHORTENER_TINYURL_TOKEN";
    private static final String API_KEYS_ENV = "SHORTENER_AUTH_API_KEYS";

    /** One deployable set of manifests and the environment variables its image documents besides config keys. */
    record Manifests(List<JsonNode> docs, Set<String> imageEnv) {
    }

    // ---- config keys ------------------------------------------------------------------------------------------

    @Test
    void configMapKeysAreRealConfigProperties() throws IOException {
        Map<String, String> keys = new HashMap<>(); // key -> where it was found
        for (Path kustomization : kustomizations()) {
            for (JsonNode generator : docs(kustomization).get(0).path("configMapGenerator")) {
                for (JsonNode literal : generator.path("literals")) {
                    keys.put(literal.asText().split("=", 2)[0], ROOT.relativize(kustomization).toString());
                }
                for (JsonNode envFile : generator.path("envs")) {
                    Properties env = load(kustomization.resolveSibling(envFile.asText()));
                    env.stringPropertyNames().forEach(k -> keys.put(k, envFile.asText()));
                }
            }
        }
        for (Path file : yamlFiles()) {
            for (JsonNode doc : docs(file)) {
                if ("ConfigMap".equals(doc.path("kind").asText())) {
                    doc.path("data").fieldNames().forEachRemaining(k -> keys.put(k, ROOT.relativize(file).toString()));
                }
            }
        }
        for (String overlay : overlayNamesIfRenderable()) {
            for (JsonNode doc : ofKind(rendered(overlay), "ConfigMap")) {
                doc.path("data").fieldNames().forEachRemaining(k -> keys.put(k, "rendered " + overlay));
            }
        }

        assertTrue(keys.containsKey("SHORTENER_MODEL"), "the ConfigMap sets the execution model: " + keys.keySet());
        Set<String> valid = configEnvNames();
        keys.forEach((key, where) -> assertTrue(valid.contains(normalise(key)),
                key + " (" + where + ") is not a config property of the service; known: " + valid));
        assertFalse(keys.containsKey(TOKEN_ENV), "the TinyURL token belongs in a Secret, not a ConfigMap");
    }

    @Test
    void containerEnvVarsAreRealConfigProperties() throws IOException {
        Set<String> valid = configEnvNames();
        int checked = 0;
        for (Path file : yamlFiles()) {
            Set<String> imageEnv = file.startsWith(OVERLAYS) ? imageEnv(OVERLAYS.relativize(file).getName(0).toString())
                    : Set.of();
            for (JsonNode doc : docs(file)) {
                for (JsonNode container : containers(doc)) {
                    for (JsonNode env : container.path("env")) {
                        checked++;
                        assertEnvAllowed(env.path("name").asText(), valid, imageEnv, ROOT.relativize(file).toString());
                    }
                }
            }
        }
        for (String overlay : overlayNamesIfRenderable()) {
            for (JsonNode container : containers(deployment(rendered(overlay)))) {
                for (JsonNode env : container.path("env")) {
                    assertEnvAllowed(env.path("name").asText(), valid, imageEnv(overlay), "rendered " + overlay);
                }
            }
        }
        assertTrue(checked > 0, "no env entries found under k8s/: the token reference at least is expected");
    }

    @Test
    void configPropertiesAreDerivedFromTheConfigMapping() {
        Set<String> properties = configProperties();
        assertTrue(properties.contains("shortener.virtual-threads.concurrency"), properties::toString);
        assertTrue(properties.contains("shortener.tinyurl.token"), properties::toString);
        assertTrue(properties.contains("shortener.retry.max-attempts"), properties::toString);
        assertTrue(configEnvNames().contains("SHORTENER_VIRTUAL_THREADS_CONCURRENCY"));
        assertFalse(properties.contains("shortener.virtual-threads"), "groups are not properties");
    }

    // ---- secrets ----------------------------------------------------------------------------------------------

    @Test
    void noSecretWithDataIsCommittedUnderK8s() throws IOException {
        for (Path file : yamlFiles()) {
            for (JsonNode doc : docs(file)) {
                if ("Secret".equals(doc.path("kind").asText())) {
                    assertTrue(doc.path("data").isEmpty() && doc.path("stringData").isEmpty(),
                            ROOT.relativize(file) + " commits a Secret with data");
                }
                for (JsonNode generator : doc.path("secretGenerator")) {
                    fail(ROOT.relativize(file) + " generates Secret " + generator.path("name").asText()
                            + " from committed values; create it with kubectl create secret instead");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void tinyUrlTokenComesFromAnOptionalSecretReference(Manifests manifests) {
        JsonNode token = env(container(manifests), TOKEN_ENV);
        assertNotNull(token, TOKEN_ENV + " is not set on the container");
        assertFalse(token.has("value"), "the token must not be a literal value");
        JsonNode ref = token.path("valueFrom").path("secretKeyRef");
        assertEquals("tinyurl-batch-token", ref.path("name").asText());
        assertEquals("token", ref.path("key").asText());
        assertTrue(ref.path("optional").asBoolean(false), "provider tinyurl-legacy must start without the Secret");
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void apiKeysComeFromAnOptionalSecretReference(Manifests manifests) {
        JsonNode keys = env(container(manifests), API_KEYS_ENV);
        assertNotNull(keys, API_KEYS_ENV + " is not set on the container");
        assertFalse(keys.has("value"), "API keys must not be a literal value");
        JsonNode ref = keys.path("valueFrom").path("secretKeyRef");
        assertEquals("tinyurl-batch-api-keys", ref.path("name").asText());
        assertEquals("api-keys", ref.path("key").asText());
        assertTrue(ref.path("optional").asBoolean(false), "the service must start (open) without the Secret");
    }

    // ---- health, port, metrics --------------------------------------------------------------------------------

    @Test
    void healthAndMetricsAreOnTheManagementInterface() {
        assertEquals("true", quarkusProperty("quarkus.management.enabled"),
                "quarkus.management.enabled=true keeps health and metrics off the public port");
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void probesUseTheSmallRyeHealthEndpointsOnTheManagementPort(Manifests manifests) {
        JsonNode container = container(manifests);
        Map<String, String> expected = Map.of("livenessProbe", LIVE, "readinessProbe", READY, "startupProbe", STARTED);
        expected.forEach((probe, path) -> {
            JsonNode httpGet = container.path(probe).path("httpGet");
            assertEquals(path, httpGet.path("path").asText(), probe + " path");
            assertEquals(managementPort(), resolvePort(container, httpGet.path("port")), probe + " port");
        });
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void serviceExposesOnlyTheApiAndScrapingUsesTheManagementPort(Manifests manifests) {
        JsonNode container = container(manifests);
        assertEquals(httpPort(), resolvePort(container, TextNode.valueOf("http")),
                "container port named http must be quarkus.http.port");
        assertEquals(managementPort(), resolvePort(container, TextNode.valueOf("management")),
                "container port named management must be quarkus.management.port");

        JsonNode service = ofKind(manifests.docs(), "Service").get(0);
        assertEquals(1, service.path("spec").path("ports").size(), "the Service exposes the API port only");
        JsonNode servicePort = service.path("spec").path("ports").get(0);
        assertEquals("http", servicePort.path("name").asText());
        assertEquals(80, servicePort.path("port").asInt());
        assertEquals(httpPort(), resolvePort(container, servicePort.path("targetPort")), "Service targetPort");

        JsonNode annotations = deployment(manifests.docs()).path("spec").path("template").path("metadata")
                .path("annotations");
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals("/q/metrics", annotations.path("prometheus.io/path").asText());
        assertEquals(String.valueOf(managementPort()), annotations.path("prometheus.io/port").asText());
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void networkPolicyOpensTheApiToAllManagementToMonitoringAndEgressToDnsHttpsAndPostgres(Manifests manifests) {
        JsonNode container = container(manifests);
        JsonNode policy = ofKind(manifests.docs(), "NetworkPolicy").get(0);
        JsonNode spec = policy.path("spec");
        assertSelects(spec.path("podSelector").path("matchLabels"),
                deployment(manifests.docs()).path("spec").path("template").path("metadata").path("labels"),
                "NetworkPolicy");
        assertEquals(Set.of("Ingress", "Egress"), texts(spec.path("policyTypes")));

        Map<Integer, JsonNode> ingressFrom = new HashMap<>(); // port -> its rule's "from" (missing: anyone)
        for (JsonNode rule : spec.path("ingress")) {
            for (JsonNode port : rule.path("ports")) {
                ingressFrom.put(resolvePort(container, port.path("port")), rule.path("from"));
            }
        }
        assertEquals(Set.of(httpPort(), managementPort()), ingressFrom.keySet(), "ingress ports");
        assertTrue(ingressFrom.get(httpPort()).isMissingNode(), "the API port is open to every source");
        JsonNode managementFrom = ingressFrom.get(managementPort());
        assertFalse(managementFrom.isMissingNode() || managementFrom.isEmpty(),
                "the management port must be limited to named sources");

        Set<String> egress = new TreeSet<>();
        for (JsonNode rule : spec.path("egress")) {
            for (JsonNode port : rule.path("ports")) {
                egress.add(port.path("port").asInt() + "/" + port.path("protocol").asText("TCP"));
            }
        }
        assertEquals(new TreeSet<>(Set.of("53/UDP", "53/TCP", "443/TCP", "5432/TCP")), egress, "egress ports");
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void serviceAutoscalerAndDisruptionBudgetSelectTheDeploymentPods(Manifests manifests) {
        JsonNode deployment = deployment(manifests.docs());
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        assertSelects(ofKind(manifests.docs(), "Service").get(0).path("spec").path("selector"), podLabels, "Service");

        JsonNode pdb = ofKind(manifests.docs(), "PodDisruptionBudget").get(0);
        assertEquals("policy/v1", pdb.path("apiVersion").asText());
        assertSelects(pdb.path("spec").path("selector").path("matchLabels"), podLabels, "PodDisruptionBudget");

        JsonNode hpa = ofKind(manifests.docs(), "HorizontalPodAutoscaler").get(0);
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        JsonNode target = hpa.path("spec").path("scaleTargetRef");
        assertEquals("Deployment", target.path("kind").asText());
        assertEquals(deployment.path("metadata").path("name").asText(), target.path("name").asText());
        assertEquals("cpu", hpa.path("spec").path("metrics").get(0).path("resource").path("name").asText());
        assertFalse(container(manifests).path("resources").path("requests").path("cpu").isMissingNode(),
                "CPU utilisation needs a CPU request");
        assertFalse(deployment.path("spec").has("replicas"), "the autoscaler owns the replica count");
    }

    // ---- hardening and shutdown -------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("manifests")
    void containerRunsNonRootOnAReadOnlyFilesystemWithWritableTmp(Manifests manifests) {
        JsonNode podSpec = deployment(manifests.docs()).path("spec").path("template").path("spec");
        JsonNode container = container(manifests);
        JsonNode security = container.path("securityContext");
        assertTrue(podSpec.path("securityContext").path("runAsNonRoot").asBoolean(false)
                || security.path("runAsNonRoot").asBoolean(false), "runAsNonRoot");
        assertEquals("RuntimeDefault", podSpec.path("securityContext").path("seccompProfile").path("type").asText(
                security.path("seccompProfile").path("type").asText()));
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean(false), "readOnlyRootFilesystem");
        assertTrue(security.has("allowPrivilegeEscalation") && !security.path("allowPrivilegeEscalation").asBoolean(),
                "allowPrivilegeEscalation: false");
        assertTrue(texts(security.path("capabilities").path("drop")).contains("ALL"), "capabilities drop ALL");

        String tmpVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                tmpVolume = mount.path("name").asText();
            }
        }
        assertNotNull(tmpVolume, "/tmp must be writable for the JVM and the processes model");
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volume.path("name").asText().equals(tmpVolume)) {
                assertTrue(volume.has("emptyDir"), "/tmp is an emptyDir");
                return;
            }
        }
        fail("volume " + tmpVolume + " is not defined");
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void terminationGracePeriodOutlastsPreStopAndQuarkusShutdownTimeout(Manifests manifests) throws IOException {
        String timeout = quarkusProperty("quarkus.shutdown.timeout");
        assertNotNull(timeout, "quarkus.shutdown.timeout is not set in " + ROOT.relativize(APPLICATION_PROPERTIES)
                + ": without it Quarkus does not wait for in-flight batches");
        long shutdown = parseDuration(timeout).toSeconds();
        JsonNode podSpec = deployment(manifests.docs()).path("spec").path("template").path("spec");
        long grace = podSpec.path("terminationGracePeriodSeconds").asLong(30);
        long preStop = container(manifests).path("lifecycle").path("preStop").path("sleep").path("seconds").asLong(0);
        assertTrue(grace > preStop + shutdown, "terminationGracePeriodSeconds " + grace + " must exceed preStop "
                + preStop + "s + quarkus.shutdown.timeout " + shutdown + "s");
    }

    // ---- overlays and images ----------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("overlayNames")
    void overlayImageIsBuiltByTheDockerfileOfTheSameKind(String overlay) throws IOException {
        String image = overlayImage(overlay);
        Map<String, String> builders = dockerfileImages(); // image -> Dockerfile
        assertEquals("deploy/Dockerfile." + overlay, builders.get(image), "overlay " + overlay + " deploys " + image
                + "; the Dockerfiles' documented build commands produce " + builders);
        assertTrue(image.contains(overlay), image + " should name its kind " + overlay);
    }

    @ParameterizedTest
    @MethodSource("overlayNames")
    void overlayRendersWithKubectlAndRollsOnConfigChanges(String overlay) {
        Assumptions.assumeTrue(kubectlOnPath(), "kubectl is not on the PATH");
        List<JsonNode> docs = rendered(overlay);
        JsonNode configMap = ofKind(docs, "ConfigMap").get(0);
        String name = configMap.path("metadata").path("name").asText();
        assertTrue(name.matches("tinyurl-batch-config-[a-z0-9]{10}"), "generated name with hash suffix: " + name);
        JsonNode container = containers(deployment(docs)).get(0);
        assertEquals(name, container.path("envFrom").get(0).path("configMapRef").path("name").asText(),
                "the Deployment must refer to the hashed ConfigMap so edits roll the pods");
        assertEquals(overlayImage(overlay), container.path("image").asText());
        assertFalse(container.path("resources").path("limits").path("memory").isMissingNode(),
                "a memory limit sized for the processes model");
    }

    // ---- sources of manifests ---------------------------------------------------------------------------------

    static Stream<Named<Manifests>> manifests() throws IOException {
        List<Named<Manifests>> all = new ArrayList<>();
        List<JsonNode> base = new ArrayList<>();
        for (JsonNode resource : docs(BASE.resolve("kustomization.yaml")).get(0).path("resources")) {
            base.addAll(docs(BASE.resolve(resource.asText())));
        }
        all.add(Named.of("k8s/base (files)", new Manifests(base, Set.of())));
        for (String overlay : overlayNamesIfRenderable()) {
            all.add(Named.of("k8s/overlays/" + overlay + " (kubectl kustomize)",
                    new Manifests(rendered(overlay), imageEnv(overlay))));
        }
        return all.stream();
    }

    static List<String> overlayNames() throws IOException {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            return dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private static List<String> overlayNamesIfRenderable() throws IOException {
        return kubectlOnPath() ? overlayNames() : List.of();
    }

    private static List<JsonNode> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            try {
                Process process = new ProcessBuilder("kubectl", "kustomize", OVERLAYS.resolve(o).toString()).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize timed out");
                assertEquals(0, process.exitValue(), "kubectl kustomize k8s/overlays/" + o + " failed: " + err);
                return parse(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean kubectlOnPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static List<Path> kustomizations() throws IOException {
        return yamlFiles().stream().filter(f -> f.getFileName().toString().startsWith("kustomization.")).toList();
    }

    private static List<JsonNode> docs(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    private static List<JsonNode> parse(String yaml) throws IOException {
        return YAML.readerFor(JsonNode.class).<JsonNode> readValues(yaml).readAll().stream()
                .filter(doc -> doc != null && !doc.isNull() && !doc.isMissingNode())
                .toList();
    }

    // ---- the service's configuration --------------------------------------------------------------------------

    /** Every shortener.* property, walked from the @ConfigMapping interface the way SmallRye names them. */
    static Set<String> configProperties() {
        Set<String> properties = new TreeSet<>();
        collect(ShortenerConfig.class.getAnnotation(ConfigMapping.class).prefix(), ShortenerConfig.class, properties);
        return properties;
    }

    private static void collect(String prefix, Class<?> type, Set<String> into) {
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + Optional.ofNullable(method.getAnnotation(WithName.class)).map(WithName::value)
                            .orElseGet(() -> kebab(method.getName()));
            Optional<Class<?>> group = group(method);
            if (group.isPresent()) {
                collect(name, group.get(), into);
            } else {
                into.add(name);
            }
        }
    }

    /** A config group is a non-JDK interface, possibly wrapped in Optional. */
    private static Optional<Class<?>> group(Method method) {
        Class<?> type = method.getReturnType();
        Type generic = method.getGenericReturnType();
        if (type == Optional.class && generic instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> wrapped) {
            type = wrapped;
        }
        return type.isInterface() && !type.getName().startsWith("java.") ? Optional.of(type) : Optional.empty();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** SmallRye's environment-variable form, with quotes dropped and underscore runs collapsed for comparison. */
    static String normalise(String name) {
        return name.replace("\"", "").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_").replaceAll("_+", "_");
    }

    private static Set<String> configEnvNames() {
        Set<String> names = new TreeSet<>();
        configProperties().forEach(p -> names.add(normalise(p)));
        return names;
    }

    private static void assertEnvAllowed(String name, Set<String> config, Set<String> imageEnv, String where) {
        if (imageEnv.contains(name) || config.contains(normalise(name))) {
            return;
        }
        assertTrue(name.startsWith("QUARKUS_") && applicationPropertyEnvNames().contains(normalise(name)),
                name + " (" + where + ") is neither a shortener.* property, a quarkus.* key of application.properties,"
                        + " nor a variable documented by the image's Dockerfile");
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        if (Files.exists(APPLICATION_PROPERTIES)) {
            try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return properties;
    }

    private static Set<String> applicationPropertyEnvNames() {
        Set<String> names = new HashSet<>();
        applicationProperties().stringPropertyNames()
                .forEach(key -> names.add(normalise(key.replaceFirst("^%[^.]+\\.", ""))));
        return names;
    }

    /** The prod-profile value of a key in application.properties, or null. */
    private static String quarkusProperty(String key) {
        Properties properties = applicationProperties();
        return properties.getProperty("%prod." + key, properties.getProperty(key));
    }

    private static int httpPort() {
        String port = quarkusProperty("quarkus.http.port");
        if (port == null) {
            return 8080;
        }
        Matcher expression = Pattern.compile("\\$\\{[^:}]+:(\\d+)}").matcher(port.trim());
        return Integer.parseInt(expression.matches() ? expression.group(1) : port.trim());
    }

    private static int managementPort() {
        String port = quarkusProperty("quarkus.management.port");
        return port == null ? 9000 : Integer.parseInt(port.trim());
    }

    /** Quarkus duration syntax: ISO-8601, a plain number of seconds, or a number with ms/s/m/h/d. */
    static Duration parseDuration(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+[dD]")) {
            return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.parse(v.toUpperCase(Locale.ROOT).startsWith("P") ? v : "PT" + v);
    }

    // ---- Dockerfiles and overlays -----------------------------------------------------------------------------

    private static final Pattern BUILD_FILE = Pattern.compile("docker build\\s.*?-f\\s+(\\S+)");
    private static final Pattern BUILD_TAG = Pattern.compile("\\s-t\\s+(\\S+)");
    private static final Pattern DOCUMENTED_ENV = Pattern.compile("^#\\s+-\\s+([A-Z0-9_, ]+):");

    /** Image -> Dockerfile, from the build commands each Dockerfile's header documents. */
    private static Map<String, String> dockerfileImages() throws IOException {
        Map<String, String> images = new HashMap<>();
        try (Stream<Path> files = Files.list(DEPLOY)) {
            for (Path dockerfile : files.filter(f -> f.getFileName().toString().matches("Dockerfile\\.[a-z]+")).toList()) {
                for (String line : header(dockerfile)) {
                    Matcher file = BUILD_FILE.matcher(line);
                    Matcher tag = BUILD_TAG.matcher(line);
                    if (file.find() && tag.find()) {
                        assertEquals(ROOT.relativize(dockerfile).toString(), file.group(1), "build command in " + dockerfile);
                        images.put(tag.group(1), file.group(1));
                    }
                }
            }
        }
        return images;
    }

    /** Variables the overlay's image documents in its Dockerfile header (e.g. run-java.sh's JAVA_MAX_MEM_RATIO). */
    private static Set<String> imageEnv(String overlay) {
        try {
            String dockerfile = dockerfileImages().get(overlayImage(overlay));
            if (dockerfile == null) {
                return Set.of();
            }
            Set<String> names = new HashSet<>();
            for (String line : header(ROOT.resolve(dockerfile))) {
                Matcher documented = DOCUMENTED_ENV.matcher(line);
                if (documented.find()) {
                    for (String name : documented.group(1).split(",")) {
                        names.add(name.trim());
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> header(Path dockerfile) throws IOException {
        return Files.readAllLines(dockerfile).stream().takeWhile(line -> line.isBlank() || line.startsWith("#")).toList();
    }

    private static String overlayImage(String overlay) {
        try {
            for (JsonNode image : docs(OVERLAYS.resolve(overlay).resolve("kustomization.yaml")).get(0).path("images")) {
                if ("tinyurl-batch".equals(image.path("name").asText())) {
                    return image.path("newName").asText("tinyurl-batch") + ":" + image.path("newTag").asText();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return fail("k8s/overlays/" + overlay + " does not set the tinyurl-batch image");
    }

    // ---- manifest navigation ----------------------------------------------------------------------------------

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertFalse(found.isEmpty(), "no " + kind + " in the manifests");
        return found;
    }

    private static JsonNode deployment(List<JsonNode> docs) {
        return ofKind(docs, "Deployment").get(0);
    }

    private static JsonNode container(Manifests manifests) {
        List<JsonNode> containers = containers(deployment(manifests.docs()));
        assertEquals(1, containers.size(), "one container per pod");
        return containers.get(0);
    }

    /** Containers of any pod template in a document (Deployment, patch, ...), found wherever they nest. */
    private static List<JsonNode> containers(JsonNode doc) {
        List<JsonNode> found = new ArrayList<>();
        doc.findValues("containers").forEach(list -> list.forEach(found::add));
        doc.findValues("initContainers").forEach(list -> list.forEach(found::add));
        return found;
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env;
            }
        }
        return null;
    }

    /** A probe, Service or annotation port as a number: numeric as is, a name through the container's ports. */
    private static int resolvePort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (port.asText().equals(declared.path("name").asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        return fail("port " + port + " is not declared by the container");
    }

    private static void assertSelects(JsonNode selector, JsonNode labels, String what) {
        assertFalse(selector.isEmpty(), what + " has an empty selector");
        selector.properties().forEach(e -> assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(),
                what + " selector " + e.getKey()));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
