package dev.shortener.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.smallrye.config.WithDefault;

/** The outage breaker of each provider and how long a job's rows wait through an outage or a limit. */
public interface OutageConfig {

    /** Outage-type failures in a row (no success between) that open a provider's breaker. */
    @WithDefault("20")
    @Min(1)
    int failures();

    /** Longest delay between two probe calls of an open breaker; the delay doubles from 1 s up to this. */
    @WithDefault("30s")
    @NotNull
    Duration maxProbeInterval();

    /** How long a job's call may wait through outages and limit answers before its rows fail. */
    @WithDefault("30m")
    @NotNull
    Duration maxWaitJobs();
}
