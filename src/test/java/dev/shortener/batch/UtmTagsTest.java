package dev.shortener.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import dev.shortener.error.RequestRejectedException;

/**
 * UTM merging over generated URLs and parameters: the URL's own parameters are never overwritten, its query (bytes and
 * order) and fragment are kept, every parameter given ends up in the URL once, tagging twice is tagging once, and the
 * result is a URI.
 */
class UtmTagsTest {

    /** Query names, the UTM ones included, raw as they may appear in a URL (percent-encoded too). */
    private static final List<String> NAMES = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term",
            "utm_content", "utm%5Fsource", "id", "ref", "q", "a%20b", "UTM_SOURCE");
    /** Raw query values: encoded bytes stay as they are. */
    private static final List<String> VALUES = List.of("", "1", "x%20y", "a+b", "%E2%82%AC", "caf%C3%A9", "~.-_",
            "a/b?c", "%2526");
    /** Parameter values as a caller gives them (decoded): spaces, symbols, non-ASCII. */
    private static final List<String> GIVEN = List.of("newsletter", "email", "spring sale", "a&b=c", "50%", "€uro",
            "#frag", "café", "x/y?z", "  padded  ", "");

    @Test
    void ownParametersWinOrderAndFragmentAreKeptEveryGivenParameterIsThereOnce() {
        qt().withExamples(3000).forAll(urls(), tags()).checkAssert((url, utm) -> {
            String tagged = utm.apply(url);
            int hash = url.indexOf('#');
            String beforeFragment = hash < 0 ? url : url.substring(0, hash);
            String fragment = hash < 0 ? "" : url.substring(hash);

            assertTrue(tagged.startsWith(beforeFragment), () -> url + " -> " + tagged);
            assertTrue(tagged.endsWith(fragment), () -> url + " -> " + tagged);
            Map<String, List<String>> before = params(url);
            Map<String, List<String>> after = params(tagged);
            before.forEach((name, values) -> assertEquals(values, after.get(name), () -> url + " -> " + tagged));
            utm.params().forEach((name, value) -> assertEquals(before.getOrDefault(name, List.of(value)),
                    after.get(name), () -> url + " -> " + tagged));
        });
    }

    @Test
    void taggingIsIdempotentAndTheResultIsAUri() {
        qt().withExamples(3000).forAll(urls(), tags()).checkAssert((url, utm) -> {
            String tagged = utm.apply(url);
            assertEquals(tagged, utm.apply(tagged), url);
            URI uri = uri(tagged);
            assertEquals(uri(url).getRawFragment(), uri.getRawFragment(), tagged);
            assertEquals(uri(url).getHost(), uri.getHost(), tagged);
        });
    }

    @Test
    void parametersGoBeforeTheFragmentEncodedAfterTheQueryAsItWas() {
        UtmTags utm = UtmTags.of(Map.of("utm_source", List.of("news letter"), "utm_medium", List.of("email"),
                "utm_campaign", List.of("café & co")));

        assertEquals("https://example.com/p?b=%2F&a=1&utm_source=news%20letter&utm_medium=email"
                + "&utm_campaign=caf%C3%A9%20%26%20co#top",
                utm.apply("https://example.com/p?b=%2F&a=1#top"));
        assertEquals("https://example.com?utm_source=mine&utm_medium=email&utm_campaign=caf%C3%A9%20%26%20co",
                utm.apply("https://example.com?utm_source=mine"));
        assertEquals("https://example.com/?x=1&utm_source=news%20letter&utm_medium=email"
                + "&utm_campaign=caf%C3%A9%20%26%20co", utm.apply("https://example.com/?x=1&"));
        assertEquals("not a uri", utm.apply("not a uri"), "left for the validator");
    }

    @Test
    void blankParametersAreIgnoredAndAnOverlongOneIsA400NamingIt() {
        assertEquals(UtmTags.NONE, UtmTags.of(Map.of("utm_source", List.of("  "), "utm_term", List.of(""))));
        assertEquals(Map.of("utm_term", "x"), UtmTags.of(Map.of("utm_term", List.of(" x "), "other",
                List.of("y"))).params());

        RequestRejectedException refused = assertThrows(RequestRejectedException.class,
                () -> UtmTags.of(Map.of("utm_content", List.of("c".repeat(201)))));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("'utm_content'"), refused.getMessage());
        assertEquals(200, UtmTags.of(Map.of("utm_content", List.of("c".repeat(200)))).params().get("utm_content")
                .length());
    }

    private static Gen<String> urls() {
        Gen<String> pair = integers().between(0, NAMES.size() - 1).zip(integers().between(0, VALUES.size() - 1),
                booleans().all(), (n, v, withEquals) -> NAMES.get(n) + (withEquals ? "=" + VALUES.get(v) : ""));
        Gen<List<String>> query = lists().of(pair).ofSizeBetween(0, 5);
        return integers().between(0, 3).zip(query, integers().between(0, 3), (path, pairs, shape) -> {
            String base = List.of("https://example.com", "https://example.com/", "http://a.example/x/y",
                    "https://b.example:8443/%7Euser/p;m").get(path);
            String withQuery = switch (shape) {
                case 0 -> base + (pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
                case 1 -> base + "?" + String.join("&", pairs);
                case 2 -> base + "?" + String.join("&", pairs) + "&";
                default -> base + (pairs.isEmpty() ? "" : "?" + String.join("&", pairs)) + "#sec-" + path
                        + (shape % 2 == 1 ? "?not=query&utm_source=frag" : "");
            };
            return withQuery;
        });
    }

    private static Gen<UtmTags> tags() {
        return lists().of(integers().between(0, GIVEN.size() - 1)).ofSize(UtmTags.NAMES.size()).map(picks -> {
            Map<String, List<String>> query = new LinkedHashMap<>();
            for (int i = 0; i < picks.size(); i++) {
                query.put(UtmTags.NAMES.get(i), List.of(GIVEN.get(picks.get(i))));
            }
            return UtmTags.of(query);
        });
    }

    /** The query parameters of {@code url} by decoded name, decoded values in order (fragment excluded). */
    private static Map<String, List<String>> params(String url) {
        String raw = uri(url).getRawQuery();
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static URI uri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new AssertionError(url + " is not a URI", e);
        }
    }
}
