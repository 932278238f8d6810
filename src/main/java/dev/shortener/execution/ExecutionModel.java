package dev.shortener.execution;

import java.util.List;

import dev.shortener.config.ModelName;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;

/**
 * A way of scheduling upstream calls. Models differ only in how calls are scheduled; each call goes through the same
 * {@link dev.shortener.upstream.UpstreamClient} (or, for {@code processes}, the same code in a worker process).
 */
public interface ExecutionModel {

    /** The model's name, as reported in {@code X-Shortener-Model}. */
    ModelName name();

    /** The most calls this model has in flight at once during one run. */
    int limit();

    /**
     * Runs every call once, at most {@link #limit()} at a time, handing each outcome to {@code sink} with the call's
     * index. The returned Uni completes when every call has an outcome; it never fails because of an upstream error.
     */
    Uni<Void> run(List<UpstreamCall> calls, OutcomeSink sink);
}
