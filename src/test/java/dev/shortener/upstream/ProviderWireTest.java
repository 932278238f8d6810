package dev.shortener.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import dev.shortener.config.Provider;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;

/**
 * Each provider class with the one transport against WireMock, without the service around it: the request it sends
 * (path, query, headers, credentials, body), how it reads answers and errors, and which answers are limit signals.
 */
class ProviderWireTest {

    // Every provider's credentials; BARE has no Bitly domain or group.
    static final ProviderSettings KEYS = new ProviderSettings("tok", "tinyurl.com", "btok", "bit.ly", "G1", "skey",
            "kkey", "sig");
    static final ProviderSettings BARE = new ProviderSettings("tok", "tinyurl.com", "btok", null, null, "skey", "kkey",
            "sig");

    static final WireMockServer UPSTREAM = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    static Vertx vertx;
    static UpstreamTransport transport;

    @BeforeAll
    static void start() {
        UPSTREAM.start();
        vertx = Vertx.vertx();
        String url = "http://127.0.0.1:" + UPSTREAM.port();
        Map<String, String> config = new HashMap<>();
        for (String client : new String[] { "tinyurl", "tinyurl-legacy", "httpbin", "isgd", "bitly", "shlink",
                "kutt", "yourls" }) {
            config.put("quarkus.rest-client." + client + ".url", url);
        }
        config.put("quarkus.rest-client.vgd.url", url + "/vgd/");
        // Only this client times out fast: the others keep the default, which a loaded machine never reaches.
        config.put("quarkus.rest-client.slow.url", url);
        config.put("quarkus.rest-client.slow.read-timeout", "500");
        config.put("quarkus.rest-client.refused.url", "http://127.0.0.1:1");
        transport = new UpstreamTransport(vertx, new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(config, "test", 500)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        transport.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        UPSTREAM.stop();
    }

    @BeforeEach
    void reset() {
        UPSTREAM.resetAll();
    }

    static Attempt attempt(Target target, ShortenerProvider provider, String url, String alias) {
        return attempt(target.id(), target, provider, url, alias);
    }

    static Attempt attempt(String client, Target target, ShortenerProvider provider, String url, String alias) {
        UpstreamRequest request = provider.request(new UpstreamCall(target, url, alias, LinkFields.NONE));
        return transport.send(client, request, 1, (status, body, retryAfter) -> provider.read(status, body,
                retryAfter, 1)).await().atMost(Duration.ofSeconds(10));
    }

    static void answer(MappingBuilder request, int status, String body) {
        UPSTREAM.stubFor(request.willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void tinyUrlPostsJsonWithItsBearerTokenAndReadsDataTinyUrl() {
        answer(post("/create"), 200, "{\"data\": {\"tiny_url\": \"https://tinyurl.com/abc\"}}");

        Attempt attempt = attempt(Provider.TINYURL, new TinyUrl(KEYS), "https://example.com/a", "abc");

        assertEquals("https://tinyurl.com/abc", attempt.value());
        UPSTREAM.verify(postRequestedFor(urlPathEqualTo("/create"))
                .withHeader("Authorization", equalTo("Bearer tok"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("application/json"))
                .withRequestBody(equalToJson(
                        "{\"url\": \"https://example.com/a\", \"domain\": \"tinyurl.com\", \"alias\": \"abc\"}")));
    }

    @Test
    void tinyUrlErrorsAreFinalWithTheFirstErrorAnd429IsRetriedAfterItsRetryAfter() {
        answer(post("/create"), 422, "{\"errors\": [\"Alias is not available.\"]}");
        Attempt rejected = attempt(Provider.TINYURL, new TinyUrl(KEYS), "https://example.com/a", "taken");
        assertEquals("upstream 422: Alias is not available.", rejected.reason());
        assertFalse(rejected.retryable());

        UPSTREAM.stubFor(post("/create").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        Attempt limited = attempt(Provider.TINYURL, new TinyUrl(KEYS), "https://example.com/a", null);
        assertEquals(429, limited.status());
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());
    }

    @Test
    void tinyUrlLegacyGetsWithQueryParametersAndReadsPlainText() {
        UPSTREAM.stubFor(get(urlPathEqualTo("/api-create.php"))
                .willReturn(aResponse().withStatus(200).withBody("https://tinyurl.com/xyz\n")));

        Attempt attempt = attempt(Provider.TINYURL_LEGACY, new TinyUrlLegacy(), "https://example.com/a b", null);

        assertEquals("https://tinyurl.com/xyz", attempt.value());
        UPSTREAM.verify(getRequestedFor(urlPathEqualTo("/api-create.php"))
                .withQueryParam("url", equalTo("https://example.com/a b"))
                .withHeader("Accept", equalTo("text/plain")));
    }

    @Test
    void isGdErrorCode3IsALimitSignalAndOtherCodesAreFinal() {
        answer(get(urlPathEqualTo("/create.php")), 200, "{\"errorcode\": 3, \"errormessage\": \"Rate limit\"}");
        Attempt limited = attempt(Provider.ISGD, new IsGd(), "https://example.com/a", "mine");
        assertEquals(429, limited.status(), "counted as 429, so that the governor pauses is.gd");
        assertTrue(limited.retryable());
        UPSTREAM.verify(getRequestedFor(urlPathEqualTo("/create.php")).withQueryParam("format", equalTo("json"))
                .withQueryParam("url", equalTo("https://example.com/a")).withQueryParam("shorturl", equalTo("mine")));

        answer(get(urlPathEqualTo("/create.php")), 200, "{\"errorcode\": 1, \"errormessage\": \"Bad URL\"}");
        Attempt bad = attempt(Provider.ISGD, new IsGd(), "https://example.com/a", null);
        assertEquals("upstream error 1: Bad URL", bad.reason());
        assertFalse(bad.retryable());
    }

    @Test
    void vGdKeepsThePathOfItsBaseUrl() {
        answer(get(urlPathEqualTo("/vgd/create.php")), 200, "{\"shorturl\": \"https://v.gd/q\"}");

        assertEquals("https://v.gd/q", attempt(Provider.VGD, new IsGd(), "https://example.com/a", null).value());
    }

    @Test
    void bitlySendsItsTokenAndTreats403RateLimitExceededAsALimitSignal() {
        answer(post("/v4/shorten"), 403, "{\"message\": \"RATE_LIMIT_EXCEEDED\"}");

        Attempt limited = attempt(Provider.BITLY, new Bitly(KEYS), "https://example.com/a", null);

        assertEquals(429, limited.status());
        assertTrue(limited.retryable());
        UPSTREAM.verify(postRequestedFor(urlPathEqualTo("/v4/shorten"))
                .withHeader("Authorization", equalTo("Bearer btok"))
                .withRequestBody(equalToJson(
                        "{\"long_url\": \"https://example.com/a\", \"domain\": \"bit.ly\", \"group_guid\": \"G1\"}")));
        assertTrue(new Bitly(BARE).refusal(UpstreamCall.shorten(Provider.BITLY, "https://example.com/a", "x"))
                .startsWith("aliases are not supported by provider bitly"));
    }

    @Test
    void everyProvidersOwnLimitAnswerIsALimitSignalNotAnOutage() {
        record Signal(Target target, ShortenerProvider provider, MappingBuilder request, int status, String retryAfter,
                String body) {
        }
        List<Signal> signals = List.of(
                new Signal(Provider.TINYURL, new TinyUrl(KEYS), post("/create"), 429, "3", "{}"),
                new Signal(Provider.BITLY, new Bitly(BARE), post("/v4/shorten"), 429, null, "{\"message\": \"x\"}"),
                new Signal(Provider.BITLY, new Bitly(BARE), post("/v4/shorten"), 403, null,
                        "{\"message\": \"RATE_LIMIT_EXCEEDED\"}"),
                new Signal(Provider.ISGD, new IsGd(), get(urlPathEqualTo("/create.php")), 200, null,
                        "{\"errorcode\": 3, \"errormessage\": \"Rate limit\"}"),
                new Signal(Provider.ISGD, new IsGd(), get(urlPathEqualTo("/create.php")), 502, null,
                        "<html>Bad Gateway</html>"),
                new Signal(Provider.VGD, new IsGd(), get(urlPathEqualTo("/vgd/create.php")), 502, null, ""),
                new Signal(Provider.KUTT, new Kutt(KEYS), post("/api/v2/links"), 429, null,
                        "{\"error\": \"Too many requests\"}"),
                new Signal(Provider.SHLINK, new Shlink(KEYS), post("/rest/v3/short-urls"), 429, "2",
                        "{\"title\": \"Too many\"}"),
                new Signal(Provider.YOURLS, new Yourls(KEYS), post("/yourls-api.php"), 403, null,
                        "{\"status\": \"fail\", \"message\": \"Too many URLs added too fast. Slow down please.\"}"),
                new Signal(Provider.YOURLS, new Yourls(KEYS), post("/yourls-api.php"), 429, null,
                        "<html><body>Too many URLs added too fast. Slow down please.</body></html>"));
        for (Signal signal : signals) {
            UPSTREAM.resetAll();
            var response = aResponse().withStatus(signal.status()).withHeader("Content-Type", "application/json")
                    .withBody(signal.body());
            if (signal.retryAfter() != null) {
                response.withHeader("Retry-After", signal.retryAfter());
            }
            UPSTREAM.stubFor(signal.request().willReturn(response));
            String what = signal.target().id() + " " + signal.status() + " " + signal.body();

            Attempt limited = attempt(signal.target(), signal.provider(), "https://example.com/a", null);

            assertEquals(429, limited.status(), what);
            assertTrue(limited.retryable() && limited.limited() && !limited.outage(), what);
            assertEquals(signal.retryAfter() == null ? null : Duration.ofSeconds(Long.parseLong(signal.retryAfter())),
                    limited.retryAfter(), what);
        }
    }

    @Test
    void shlinkAndKuttSendTheirKeysInTheirOwnHeaders() {
        answer(post("/rest/v3/short-urls"), 200, "{\"shortUrl\": \"https://s.example/1\"}");
        answer(post("/api/v2/links"), 400, "{\"error\": \"Custom URL is already in use.\"}");

        assertEquals("https://s.example/1",
                attempt(Provider.SHLINK, new Shlink(KEYS), "https://example.com/a", "one").value());
        assertEquals("upstream 400: Custom URL is already in use.",
                attempt(Provider.KUTT, new Kutt(KEYS), "https://example.com/a", "one").reason());

        UPSTREAM.verify(postRequestedFor(urlPathEqualTo("/rest/v3/short-urls"))
                .withHeader("X-Api-Key", equalTo("skey")).withRequestBody(equalToJson(
                        "{\"longUrl\": \"https://example.com/a\", \"customSlug\": \"one\", \"findIfExists\": true}")));
        UPSTREAM.verify(postRequestedFor(urlPathEqualTo("/api/v2/links"))
                .withHeader("X-API-KEY", equalTo("kkey")).withRequestBody(equalToJson(
                        "{\"target\": \"https://example.com/a\", \"customurl\": \"one\", \"reuse\": true}")));
    }

    @Test
    void yourlsPostsAFormWithItsSignatureAndAnExistingUrlIsItsValue() {
        answer(post("/yourls-api.php"), 400,
                "{\"status\": \"fail\", \"code\": \"error:url\", \"shorturl\": \"https://y.example/old\"}");

        Attempt attempt = attempt(Provider.YOURLS, new Yourls(KEYS), "https://example.com/a", null);

        assertEquals("https://y.example/old", attempt.value());
        UPSTREAM.verify(postRequestedFor(urlPathEqualTo("/yourls-api.php"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("action=shorturl&format=json&url=https%3A%2F%2Fexample.com%2Fa"
                        + "&signature=sig")));
    }

    @Test
    void httpBinReadsTheUuid() {
        answer(get("/uuid"), 200, "{\"uuid\": \"6f1c1b5e\"}");

        Attempt attempt = attempt(Target.HTTPBIN, new HttpBin(), null, null);

        assertEquals("6f1c1b5e", attempt.value(), attempt.reason());
    }

    @Test
    void aSlowAnswerTimesOutAfterTheReadTimeoutAndIsRetryable() {
        UPSTREAM.stubFor(get("/uuid").willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(3000)));

        Attempt attempt = attempt("slow", Target.HTTPBIN, new HttpBin(), null, null);

        assertEquals("timeout after 500 ms", attempt.reason());
        assertTrue(attempt.retryable());
        assertEquals(0, attempt.status());
    }

    @Test
    void aRefusedConnectionIsARetryableConnectionFailure() {
        Attempt attempt = attempt("refused", Target.HTTPBIN, new HttpBin(), null, null);

        assertTrue(attempt.reason().startsWith("connection failed: "), attempt.reason());
        assertTrue(attempt.retryable());
        assertNull(attempt.value());
    }
}
