package dev.shortener.batch;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.shortener.error.RequestRejectedException;

/**
 * The UTM parameters of a request ({@code ?utm_source=&utm_medium=&utm_campaign=&utm_term=&utm_content=}), added to
 * each row's URL before it is shortened. The URL's own query is kept byte for byte (never decoded and re-encoded),
 * in its order, with the fragment after it; a parameter the URL already carries keeps the URL's value.
 *
 * @param params the non-blank parameters in the order above
 */
public record UtmTags(Map<String, String> params) {

    /** The parameters, in the order they are appended. */
    public static final List<String> NAMES = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term",
            "utm_content");
    /** Longest value accepted: campaign names, not payloads. */
    public static final int MAX_LENGTH = 200;
    /** No tagging. */
    public static final UtmTags NONE = new UtmTags(Map.of());

    private static final String UNRESERVED = "-._~";

    public UtmTags {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * The UTM parameters among a request's query parameters: a blank one is ignored, one longer than
     * {@value #MAX_LENGTH} characters is a 400 problem naming it.
     */
    public static UtmTags of(Map<String, List<String>> query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : NAMES) {
            List<String> values = query.get(name);
            String value = values == null || values.isEmpty() ? null : values.get(0);
            if (value == null || value.isBlank()) {
                continue;
            }
            if (value.length() > MAX_LENGTH) {
                throw RequestRejectedException.badRequest("query parameter '" + name + "' is longer than "
                        + MAX_LENGTH + " characters");
            }
            params.put(name, value.trim());
        }
        return params.isEmpty() ? NONE : new UtmTags(params);
    }

    /** True when the request has at least one UTM parameter (the answer then has a {@code tagged_url} column). */
    public boolean given() {
        return !params.isEmpty();
    }

    /** {@code row} with its tagged URL to shorten; unchanged without parameters or without a URL. */
    public BatchRow tag(BatchRow row) {
        return !given() || row.url() == null ? row : row.tagged(apply(row.url()));
    }

    /**
     * {@code url} with the parameters it does not carry yet appended to its query (before any {@code #fragment}); a
     * URL that is not a URI is returned as it is, for the validator to refuse.
     */
    public String apply(String url) {
        if (!given() || !isUri(url)) {
            return url;
        }
        int hash = url.indexOf('#');
        String beforeFragment = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        int question = beforeFragment.indexOf('?');
        String query = question < 0 ? "" : beforeFragment.substring(question + 1);
        Set<String> present = names(query);
        StringBuilder tagged = new StringBuilder(beforeFragment);
        boolean needsSeparator = question >= 0 && !query.isEmpty() && !query.endsWith("&");
        boolean needsQuestion = question < 0;
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (present.contains(param.getKey())) {
                continue;
            }
            if (needsQuestion) {
                tagged.append('?');
                needsQuestion = false;
            } else if (needsSeparator) {
                tagged.append('&');
            }
            needsSeparator = true;
            tagged.append(param.getKey()).append('=').append(encode(param.getValue()));
        }
        return tagged.append(fragment).toString();
    }

    /** The parameter names of a raw query, percent-decoded where they decode. */
    private static Set<String> names(String query) {
        Set<String> names = new TreeSet<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            names.add(name);
            names.add(decode(name));
        }
        return names;
    }

    private static boolean isUri(String url) {
        try {
            new URI(url);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }

    /** RFC 3986 percent-encoding of a value: everything but unreserved characters, as UTF-8. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || UNRESERVED.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
