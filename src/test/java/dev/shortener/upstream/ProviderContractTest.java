package dev.shortener.upstream;

import static dev.shortener.Fixtures.request;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.shortener.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The golden-file contract for every provider and every model it supports: the same mixed batch, shortened through
 * each provider's documented request and answer (WireMock stubs in src/test/resources/wiremock), gives that
 * provider's expected CSV byte for byte, whichever model runs the calls.
 */
@QuarkusTest
public class ProviderContractTest {

    static final List<String> MODELS = List.of("sync", "threads", "async", "virtual-threads", "processes");

    static Stream<Arguments> providersAndModels() {
        Stream<Arguments> perCall = Stream.of(
                        new String[] { "tinyurl", "mixed.expected.csv", "3" },
                        new String[] { "tinyurl-legacy", "mixed.expected.csv", "3" },
                        new String[] { "isgd", "mixed.expected.isgd.csv", "3" },
                        new String[] { "vgd", "mixed.expected.vgd.csv", "3" },
                        // The aliased row is an error row: Bitly's /v4/shorten takes no alias.
                        new String[] { "bitly", "mixed.expected.bitly.csv", "4" },
                        new String[] { "shlink", "mixed.expected.shlink.csv", "3" },
                        new String[] { "kutt", "mixed.expected.kutt.csv", "3" },
                        new String[] { "yourls", "mixed.expected.yourls.csv", "3" })
                .flatMap(p -> MODELS.stream().map(model -> Arguments.of(p[0], model, p[1], p[2])));
        // Chunks of items per HTTP request: every model but processes (which makes one call per row).
        Stream<Arguments> bulk = MODELS.stream().filter(model -> !model.equals("processes"))
                .map(model -> Arguments.of("tinyurl-bulk", model, "mixed.expected.csv", "3"));
        return Stream.concat(perCall, bulk);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("providersAndModels")
    void theMixedBatchGivesTheProvidersGoldenCsv(String provider, String model, String expected, String failed) {
        request().contentType("text/csv").body(Fixtures.batch("mixed.csv"))
                .post("/shorten?provider=" + provider + "&model=" + model)
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("X-Shortener-Provider", provider)
                .header("X-Shortener-Model", model)
                .header("X-Shortener-Failed", failed)
                .body(equalTo(Fixtures.text(expected)));
    }
}
