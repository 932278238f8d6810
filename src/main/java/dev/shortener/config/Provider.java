package dev.shortener.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.shortener.upstream.Target;

/** The ids of the shortening APIs the service can call; each one's request and answer live in {@code upstream/}. */
public enum Provider implements Target {
    /** TinyURL's keyless {@code /api-create.php}. */
    TINYURL_LEGACY("tinyurl-legacy"),
    /** TinyURL API v2 {@code POST /create} with a bearer token. */
    TINYURL("tinyurl"),
    /** TinyURL API v2 bulk interface: chunks of items per {@code POST /bulk}, polled until processed. */
    TINYURL_BULK("tinyurl-bulk"),
    /** is.gd {@code create.php}. */
    ISGD("isgd"),
    /** v.gd, is.gd's twin. */
    VGD("vgd"),
    /** Bitly API v4 {@code POST /v4/shorten}. */
    BITLY("bitly"),
    /** Self-hosted Shlink REST API v3. */
    SHLINK("shlink"),
    /** Self-hosted Kutt API v2. */
    KUTT("kutt"),
    /** Self-hosted YOURLS {@code yourls-api.php}. */
    YOURLS("yourls");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    /** The external name used in config, {@code ?provider=}, headers and metrics. */
    @Override
    public String id() {
        return id;
    }

    /** The provider with id {@code id} (case-insensitive), if any. */
    public static Optional<Provider> parse(String id) {
        String wanted = id == null ? "" : id.trim();
        return Arrays.stream(values()).filter(p -> p.id.equalsIgnoreCase(wanted)).findFirst();
    }

    /** Every id, comma-separated, for messages. */
    public static String valid() {
        return Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
