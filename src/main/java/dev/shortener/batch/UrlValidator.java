package dev.shortener.batch;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.shortener.config.ShortenerConfig;

/** Checks a long URL before any call: http(s), a host, no whitespace or control characters, not too long. */
@ApplicationScoped
public class UrlValidator {

    private final ShortenerConfig config;

    UrlValidator(ShortenerConfig config) {
        this.config = config;
    }

    /** The host of an authority-and-rest ({@code user@host:port/path}), without user info, port or brackets. */
    private static String host(String afterScheme) {
        int end = afterScheme.length();
        for (char c : new char[] { '/', '?', '#', '\\' }) {
            int at = afterScheme.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = afterScheme.substring(0, end);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? "" : hostPort.substring(1, close);
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /** Why the URL cannot be shortened, or empty when it can. */
    public Optional<String> problem(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.of("invalid URL: empty");
        }
        if (url.length() > config.maxUrlLength()) {
            return Optional.of("invalid URL: longer than " + config.maxUrlLength() + " characters");
        }
        if (url.codePoints().anyMatch(Character::isWhitespace)) {
            return Optional.of("invalid URL: contains whitespace");
        }
        if (url.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("invalid URL: contains a control character");
        }
        // Deliberately lenient past scheme and host: real long URLs carry characters java.net.URI refuses (| { } ^
        // unencoded, tracking templates), and the upstream shortens them; only what cannot be a web link is refused.
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return Optional.of("invalid URL: scheme must be http or https");
        }
        if (host(url.substring(schemeEnd + 3)).isEmpty()) {
            return Optional.of("invalid URL: no host");
        }
        return Optional.empty();
    }
}
