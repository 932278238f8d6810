package dev.shortener.jobs;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job is in its life. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The external name, e.g. {@code running}. */
    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    /** True once the job will not change any more. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Parses an external name; empty when unknown. */
    public static Optional<JobState> parse(String value) {
        return Arrays.stream(values()).filter(s -> s.id().equalsIgnoreCase(value)).findFirst();
    }
}
