package dev.shortener.jobs;

import java.util.Comparator;

/** One chunk of one job. */
record ChunkKey(String jobId, int chunk) {

    /** The order in which every writer locks chunks: fewer deadlocks to retry. */
    static final Comparator<ChunkKey> LOCK_ORDER = Comparator.comparing(ChunkKey::jobId)
            .thenComparingInt(ChunkKey::chunk);
}
