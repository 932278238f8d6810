package dev.shortener.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.shortener.TestConfig;

/** What counts as a URL worth sending upstream, and the reason given for one that is not. */
class UrlValidatorTest {

    private final UrlValidator validator = new UrlValidator(TestConfig.shortener(Map.of("shortener.max-url-length", "60")));

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com",
            "HTTP://EXAMPLE.COM/Path",
            "https://example.com/a|b?x={id}&y=^",
            "https://bücher.example/straße",
            "https://user:pw@example.com:8443/p#frag",
            "http://[2001:db8::1]:8080/x",
            "https://example.com?q=1",
            "https://example.com#a/b",
            "https://example.com\\\\path",
            "https://a.b?x=/y#z",
            "https://example.com/exactly-sixty-characters-long-url-abcdef" })
    void acceptsWebLinksJavaNetUriWouldRefuse(String url) {
        assertEquals(Optional.empty(), validator.problem(url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://example.com/f|invalid URL: scheme must be http or https",
            "mailto:x@example.com|invalid URL: scheme must be http or https",
            "example.com/no-scheme|invalid URL: scheme must be http or https",
            "https:///path|invalid URL: no host",
            "https://:80/x|invalid URL: no host",
            "https://user@/x|invalid URL: no host",
            "https://example.com/has space|invalid URL: contains whitespace",
            "https://example.com/\u0007bell|invalid URL: contains a control character",
            "https://example.com/this-one-is-far-too-long-for-the-configured-limit|invalid URL: longer than 60 characters",
            "https://?q=1|invalid URL: no host",
            "https://#frag|invalid URL: no host",
            "https://\\\\path|invalid URL: no host",
            "https://[2001:db8::1/x|invalid URL: no host",
            "https://u@:8080/x?a=b@c|invalid URL: no host",
            "https:/example.com|invalid URL: scheme must be http or https",
            "''|invalid URL: empty" })
    void refusesWhatCannotBeAWebLinkWithAReason(String url, String reason) {
        assertEquals(Optional.of(reason), validator.problem(url));
    }
}
