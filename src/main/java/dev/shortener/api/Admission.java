package dev.shortener.api;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import dev.shortener.config.ShortenerConfig;

/**
 * Bounds the {@code /shorten} batches worked on at once ({@code shortener.max-concurrent-batches}) and the rows of each
 * ({@code shortener.max-rows}): each holds its rows in memory, so the two bounds are what keep a burst of large batches
 * from exhausting the heap. Beyond the first a batch is refused at once with a 503 and {@code Retry-After}, rather
 * than queued behind the others; beyond the second its reading ends in a 413.
 */
@ApplicationScoped
public class Admission {

    private final Semaphore slots;
    private final int limit;
    private final long retryAfterSeconds;
    private final int maxRows;

    Admission(ShortenerConfig config) {
        this.limit = config.maxConcurrentBatches();
        this.maxRows = config.maxRows();
        this.slots = new Semaphore(limit);
        this.retryAfterSeconds = Math.max(1, config.busyRetryAfter().toSeconds());
    }

    /** A slot for one batch, or empty when all are taken. */
    public Optional<Slot> tryAdmit() {
        return slots.tryAcquire() ? Optional.of(new Slot()) : Optional.empty();
    }

    /** The data rows one admitted batch may have; reading more is a 413. */
    int maxRows() {
        return maxRows;
    }

    /** Slots free now, for tests and metrics. */
    public int available() {
        return slots.availablePermits();
    }

    /** The 503 problem answered when no slot is free. */
    Response busy() {
        return Response.fromResponse(ProblemMappers.problem(Problem.of(503, "Service Unavailable",
                "already working on " + limit + " batches (shortener.max-concurrent-batches); retry after "
                        + retryAfterSeconds + " s")))
                .header("Retry-After", retryAfterSeconds)
                .build();
    }

    /** One admitted batch; {@link #release()} may be called more than once, only the first counts. */
    public final class Slot {

        private final AtomicBoolean released = new AtomicBoolean();

        private Slot() {
        }

        /** Gives the slot back. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }
}
