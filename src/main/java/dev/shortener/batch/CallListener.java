package dev.shortener.batch;

import dev.shortener.upstream.CallOutcome;
import dev.shortener.upstream.UpstreamCall;
import io.smallrye.mutiny.Uni;

/**
 * Hooks around each distinct upstream call of a batch, for callers that must record calls durably (jobs): a call is
 * sent only once {@link #beforeSend} has completed, so "sent" is on record before the upstream can see it.
 */
public interface CallListener {

    /** A listener that records nothing. */
    CallListener NONE = new CallListener() {
    };

    /** Completes when the caller has recorded that {@code call} is about to be sent; the call waits for it. */
    default Uni<Void> beforeSend(UpstreamCall call) {
        return Uni.createFrom().voidItem();
    }

    /**
     * True when this listener saves the links of successful outcomes itself (jobs do, in the transaction of the row's
     * outcome); otherwise the batch hands them to the link store when reuse is on.
     */
    default boolean recordsLinks() {
        return false;
    }

    /** The call's final outcome (retries included; {@link CallOutcome#reused()} from the link store). */
    default void afterOutcome(UpstreamCall call, CallOutcome outcome) {
    }
}
