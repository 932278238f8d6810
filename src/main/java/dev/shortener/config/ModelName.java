package dev.shortener.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Names of the execution models, as written in config and in {@code ?model=}. */
public enum ModelName {
    SYNC("sync"),
    THREADS("threads"),
    ASYNC("async"),
    VIRTUAL_THREADS("virtual-threads"),
    PROCESSES("processes"),
    /** Runs batches on the fastest model of the latest benchmark. */
    AUTO("auto");

    private final String id;

    ModelName(String id) {
        this.id = id;
    }

    /** The external name, e.g. {@code virtual-threads}. */
    public String id() {
        return id;
    }

    /** Parses an external name, case-insensitively; empty when unknown. */
    public static Optional<ModelName> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase();
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst();
    }

    /** The valid external names, comma-separated, for error messages. */
    public static String valid() {
        return Arrays.stream(values()).map(ModelName::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
