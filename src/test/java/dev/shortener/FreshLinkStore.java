package dev.shortener;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every test (every invocation of a parameterized one) starts with an empty link store, as it starts with a fresh
 * upstream: with {@code shortener.links.reuse=true}, the default, a URL one test shortened would otherwise be answered
 * from the store in the next, and a model or provider under test would never reach the upstream. Registered for all
 * tests through {@code META-INF/services}: JUnit's extension auto-detection, which Quarkus' own
 * {@code junit-platform.properties} (in {@code quarkus-junit-config}) turns on.
 */
public class FreshLinkStore implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        PostgresDatabaseResource.forgetLinks();
    }
}
