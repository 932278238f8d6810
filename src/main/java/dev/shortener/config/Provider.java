package dev.shortener.config;

/** The upstream shortening APIs the service can call. */
public enum Provider {
    /** TinyURL's keyless {@code /api-create.php}. */
    TINYURL_LEGACY("tinyurl-legacy"),
    /** TinyURL API v2 {@code POST /create} with a bearer token. */
    TINYURL("tinyurl");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    /** The external name used in config and metrics. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
