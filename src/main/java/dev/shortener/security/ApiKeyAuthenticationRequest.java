package dev.shortener.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The key a caller presented as {@code Authorization: Bearer <key>}; never logged. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[key=***]";
    }
}
