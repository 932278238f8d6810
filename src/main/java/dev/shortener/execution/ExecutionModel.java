package dev.shortener.execution;

import dev.shortener.config.ModelName;
import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;

/**
 * Where one upstream attempt runs (the event loop, a shared platform pool, a virtual thread, a worker process) and
 * how many of one batch's calls may be in flight at once. Fan-out, retries, the governor and metrics are the
 * pipeline's ({@code dev.shortener.pipeline.Pipeline}); a model never sees rows, batches or jobs.
 */
public interface ExecutionModel {

    /** The model's name, as reported in {@code X-Shortener-Model}. */
    ModelName name();

    /** The most calls of one batch in flight at once with this model. */
    int limit();

    /** Makes attempt {@code number} of {@code call}; the Uni never fails because of an upstream error. */
    Uni<Attempt> attempt(UpstreamCall call, int number);
}
