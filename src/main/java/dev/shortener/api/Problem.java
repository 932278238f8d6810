package dev.shortener.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem body ({@code application/problem+json}).
 *
 * @param type always {@code about:blank}: the status says what kind of problem it is
 * @param title the status's reason phrase
 * @param status the HTTP status
 * @param detail what was wrong, naming the line or field
 */
@RegisterForReflection
public record Problem(String type, String title, int status, String detail) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of type {@code about:blank}. */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail);
    }
}
