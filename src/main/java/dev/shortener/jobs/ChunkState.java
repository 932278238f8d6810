package dev.shortener.jobs;

/** Where a chunk of a job stands, stored as {@link #id()} in {@code job_chunks.state}. */
enum ChunkState {
    /** Free to claim. */
    PENDING,
    /** Leased by {@code lease_owner} until {@code lease_until}. */
    RUNNING,
    /** Every row has its outcome. */
    DONE,
    /** Its job was cancelled. */
    CANCELLED;

    /** The stored value, e.g. {@code running}. */
    String id() {
        return name().toLowerCase();
    }
}
