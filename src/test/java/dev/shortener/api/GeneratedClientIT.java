package dev.shortener.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.shortener.Fixtures.stubShortUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.shortener.WireMockUpstreamResource;
import dev.shortener.client.ApiClient;
import dev.shortener.client.ApiException;
import dev.shortener.client.api.JobsApi;
import dev.shortener.client.api.ShortenApi;
import dev.shortener.client.model.JobState;
import dev.shortener.client.model.JobStatus;
import dev.shortener.client.model.Problem;
import dev.shortener.security.ApiKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The packaged service (API keys on) driven only through the Java client that the build generates from the contract,
 * {@code META-INF/openapi.yaml}: a request, answer or problem the document describes wrongly fails here.
 */
@QuarkusIntegrationTest
@TestProfile(GeneratedClientIT.WithApiKey.class)
class GeneratedClientIT {

    static final String KEY = "generated-client-key-1";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** One configured key, so that a request without it is a 401. */
    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shortener.auth.api-keys", "client:" + HexFormat.of().formatHex(ApiKeys.sha256(KEY)));
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void csvIsShortenedRowForRowWithTheInputColumnsKept() throws Exception {
        String url = unique("shorten");
        File answer = shorten(new ShortenApi(client(KEY)), "name,url\nA," + url + "\nB,ftp://example.com/b\n");

        assertEquals(List.of("name,url,short_url,status,error",
                "A," + url + "," + stubShortUrl(url) + ",ok,",
                "B,ftp://example.com/b,,error,invalid URL: scheme must be http or https"), lines(answer));
    }

    @Test
    void jobWithAnIdempotencyKeyIsPolledAndItsResultDownloaded() throws Exception {
        JobsApi jobs = new JobsApi(client(KEY));
        String key = "campaign-" + UUID.randomUUID();
        String first = unique("job");
        String second = unique("job");
        String body = "url\n" + first + "\n" + second + "\n";

        JobStatus submitted = submit(jobs, body, "threads", null, key);
        assertEquals(2L, submitted.getRows().getTotal());
        assertEquals("threads", submitted.getModel());
        assertEquals(submitted.getId(), submit(jobs, body, "threads", null, key).getId(),
                "the same key and body answer the job created first");

        JobStatus done = poll(jobs, submitted.getId(), s -> s.getState() == JobState.SUCCEEDED);
        assertEquals(2L, done.getRows().getOk());
        assertEquals(List.of("url,short_url,status,error", first + "," + stubShortUrl(first) + ",ok,",
                second + "," + stubShortUrl(second) + ",ok,"), lines(jobs.jobResult(submitted.getId(), null)));
    }

    @Test
    void anotherJobIsCancelledAndItsUnfinishedRowsSaySo() throws Exception {
        WireMockUpstreamResource.freshClient().register(get(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", matching(".*client-slow.*"))
                .willReturn(aResponse().withFixedDelay(1500).withBody("https://tinyurl.com/slow")));
        JobsApi jobs = new JobsApi(client(KEY));
        String body = IntStream.range(0, 200).mapToObj(i -> unique("client-slow")).collect(Collectors.joining("\n"));
        String id = submit(new JobsApi(client(KEY)), body + "\n", "threads", null, null).getId();

        assertEquals(JobState.CANCELLED, jobs.cancelJob(id).getState());

        poll(jobs, id, s -> s.getRows().getDone() == 200L);
        List<String> result = lines(jobs.jobResult(id, null));
        assertEquals(201, result.size(), "every row comes back, header included");
        assertTrue(result.stream().anyMatch(line -> line.endsWith(",,error,cancelled")), String.join("\n", result));
    }

    @Test
    void aKeyReusedForAnotherBodyIsA422Problem() throws Exception {
        JobsApi jobs = new JobsApi(client(KEY));
        String key = "reused-" + UUID.randomUUID();
        String id = submit(jobs, unique("first") + "\n", null, null, key).getId();

        ApiException refused = assertThrows(ApiException.class,
                () -> submit(jobs, unique("other") + "\n", null, null, key));

        Problem problem = problem(refused, 422);
        assertEquals("Unprocessable Content", problem.getTitle());
        assertTrue(problem.getDetail().contains("Idempotency-Key '" + key + "'") && problem.getDetail().contains(id),
                problem.getDetail());
    }

    @Test
    void noKeyIsA401ProblemWithABearerChallenge() throws Exception {
        ApiException refused = assertThrows(ApiException.class,
                () -> shorten(new ShortenApi(client(null)), "url\n" + unique("anonymous") + "\n"));

        Problem problem = problem(refused, 401);
        assertEquals("Unauthorized", problem.getTitle());
        assertTrue(problem.getDetail().contains("Authorization: Bearer <key>"), problem.getDetail());
        assertEquals(List.of("Bearer realm=\"tinyurl-batch\""),
                refused.getResponseHeaders().allValues("WWW-Authenticate"));
    }

    private ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceFirst("/$", ""));
        if (key != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        }
        return client;
    }

    /** The problem body of {@code refused}, read into the generated {@link Problem}. */
    private static Problem problem(ApiException refused, int status) throws IOException {
        assertEquals(status, refused.getCode(), refused.getResponseBody());
        String type = refused.getResponseHeaders().firstValue("Content-Type").orElseThrow();
        assertTrue(type.startsWith("application/problem+json"), type);
        Problem problem = ApiClient.createDefaultObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertEquals(status, problem.getStatus());
        assertEquals("about:blank", problem.getType());
        return problem;
    }

    /** Polls {@code getJob} until {@code until} holds, or fails after a minute. */
    private static JobStatus poll(JobsApi jobs, String id, Predicate<JobStatus> until) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JobStatus status = jobs.getJob(id);
        while (!until.test(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " did not reach the expected state: " + status);
            }
            Thread.sleep(50); // polling interval of a condition with a deadline, not a timing assumption
            status = jobs.getJob(id);
        }
        return status;
    }

    private static List<String> lines(File answer) throws IOException {
        try {
            return Files.readAllLines(answer.toPath());
        } finally {
            Files.deleteIfExists(answer.toPath());
        }
    }

    private static String unique(String what) {
        return "https://example.com/" + what + "/" + UUID.randomUUID();
    }

    /** Shortens {@code body} with no query parameter (the generated method takes each one positionally). */
    private static File shorten(ShortenApi api, String body) throws ApiException {
        return api.shorten(body, null, null, null, null, null, null, null, null);
    }

    /**
     * Submits a job without {@code sheet}, {@code utm_*} or {@code callback} parameters (the generated method takes
     * each one positionally).
     */
    private static JobStatus submit(JobsApi jobs, String body, String model, String provider, String key)
            throws ApiException {
        return jobs.submitJob(body, model, provider, null, null, null, null, null, null, key, null);
    }
}
