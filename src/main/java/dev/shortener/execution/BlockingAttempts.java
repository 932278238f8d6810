package dev.shortener.execution;

import java.util.concurrent.Executor;

import dev.shortener.upstream.Attempt;
import dev.shortener.upstream.UpstreamCall;
import dev.shortener.upstream.UpstreamClient;
import io.smallrye.mutiny.Uni;

/** Runs an attempt as a blocking call on a given executor: the thread waits until the upstream answers. */
final class BlockingAttempts {

    private BlockingAttempts() {
    }

    static Uni<Attempt> on(Executor executor, UpstreamClient upstream, UpstreamCall call, int number) {
        return Uni.createFrom().item(() -> upstream.attempt(call, number).await().indefinitely())
                .runSubscriptionOn(executor);
    }
}
