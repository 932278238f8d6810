package dev.shortener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

/**
 * Tests that talk to the shared WireMock upstream: each starts with a client reset to the file stubs and an empty
 * journal; a stub a test keeps in {@link #added} is removed after it, so that it never answers a later test.
 */
public abstract class WithFreshUpstream {

    protected WireMock wiremock;

    protected StubMapping added;

    @BeforeEach
    void resetUpstream() {
        wiremock = WireMockUpstreamResource.freshClient();
    }

    @AfterEach
    void removeAddedStub() {
        if (added != null) {
            wiremock.removeStubMapping(added);
            added = null;
        }
    }
}
