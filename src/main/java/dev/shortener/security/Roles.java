package dev.shortener.security;

/** The roles a caller can hold; the HTTP permissions in application.properties name them. */
public final class Roles {

    /** Any caller with a valid key: may shorten and run jobs. */
    public static final String USER = "user";
    /** A key marked {@code :admin}: may also run and cancel benchmarks. */
    public static final String ADMIN = "admin";
    /** The principal name of every caller when no API key is configured. */
    public static final String ANONYMOUS = "anonymous";

    private Roles() {
    }
}
