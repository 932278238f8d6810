package dev.shortener.governor;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why calls to a provider are held back now, as a job's status and the page show it.
 *
 * @param provider the provider's id
 * @param reason {@code rate-limited} (a 429 or the provider's own limit signal), {@code quota} or {@code outage}
 * @param since when the wait began
 * @param until when calls may go again, or null when it is not known (an outage ends with a successful probe)
 */
@RegisterForReflection
public record Waiting(String provider, String reason, Instant since, Instant until) {

    /** A pause after a limit answer. */
    public static final String RATE_LIMITED = "rate-limited";
    /** A used-up quota. */
    public static final String QUOTA = "quota";
    /** An open outage breaker. */
    public static final String OUTAGE = "outage";
}
