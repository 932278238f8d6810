package dev.shortener.execution;

import dev.shortener.upstream.CallOutcome;

/** Receives outcomes as calls finish, possibly from several threads at once. */
@FunctionalInterface
public interface OutcomeSink {

    /** Takes the outcome of the call at {@code index}; called exactly once per index. */
    void accept(int index, CallOutcome outcome);
}
