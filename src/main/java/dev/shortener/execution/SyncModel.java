package dev.shortener.execution;

import jakarta.inject.Singleton;

import dev.shortener.config.ModelName;
import dev.shortener.upstream.UpstreamClient;

/** One blocking call at a time per batch, in input order: a plain {@code for} loop. */
@Singleton
public class SyncModel extends BlockingModel {

    // The call blocks a thread; a virtual one costs nothing while it waits, and batches never queue behind each other.
    SyncModel(UpstreamClient upstream) {
        super(ModelName.SYNC, () -> 1, upstream, virtualThreads("sync-"));
    }
}
