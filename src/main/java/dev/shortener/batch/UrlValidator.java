package dev.shortener.batch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ShortenerConfig;

/** Checks a long URL before any call: http(s), a host, no whitespace, not too long. */
@ApplicationScoped
public class UrlValidator {

    private final ShortenerConfig config;

    UrlValidator(ShortenerConfig config) {
        this.config = config;
    }

    /** Why the URL cannot be shortened, or empty when it can. */
    public Optional<String> problem(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.of("invalid URL: empty");
        }
        if (url.length() > config.maxUrlLength()) {
            return Optional.of("invalid URL: longer than " + config.maxUrlLength() + " characters");
        }
        if (url.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of("invalid URL: contains whitespace");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("invalid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return Optional.of("invalid URL: scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("invalid URL: no host");
        }
        return Optional.empty();
    }
}
