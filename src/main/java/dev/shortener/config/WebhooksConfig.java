package dev.shortener.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import io.smallrye.config.WithDefault;

/** {@code shortener.webhooks.*}: job-end webhooks, signed the Standard Webhooks way and delivered from an outbox. */
public interface WebhooksConfig {

    /**
     * The signing secret, {@code whsec_} then base64 (at least 24 random bytes); without it a {@code callback} is
     * refused at submission.
     */
    Optional<String> secret();

    /** Whether callbacks may be http or resolve to loopback, link-local or private addresses (tests, in-cluster). */
    @WithDefault("false")
    boolean allowPrivate();

    /** How long a delivery is retried after the job ended before it is given up as {@code failed}. */
    @WithDefault("24h")
    Duration retryFor();

    /** Time one delivery attempt may take (connect and answer). */
    @WithDefault("5s")
    Duration timeout();

    /** Wait before the second attempt; it doubles for each later one (with jitter) up to {@link #maxBackoff()}. */
    @WithDefault("5s")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("1h")
    Duration maxBackoff();

    /** How often a replica looks for deliveries that are due. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** How long a claimed delivery stays this replica's before another replica may make the attempt. */
    @WithDefault("60s")
    Duration lease();

    /** Deliveries one replica makes at once. */
    @WithDefault("16")
    @Min(1)
    int concurrency();
}
