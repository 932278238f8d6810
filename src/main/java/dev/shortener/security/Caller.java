package dev.shortener.security;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, for code that records ownership (jobs): the API key's name, or {@value Roles#ANONYMOUS} when the
 * service runs without keys. Only valid inside a request to a path the HTTP permissions cover.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's name: the name of its API key, or {@code anonymous}. */
    public String name() {
        return identity.isAnonymous() ? Roles.ANONYMOUS : identity.getPrincipal().getName();
    }

    /** Whether the caller holds the admin role. */
    public boolean admin() {
        return identity.hasRole(Roles.ADMIN);
    }
}
