package dev.shortener.governor;

import java.time.Instant;
import java.util.Optional;

/**
 * A provider's quota as a governor counts it: every permit takes one, under the governor's lock (implementations need
 * no locking of their own for those calls).
 */
interface Quota {

    /** Takes one permit of the current period; false when none is left here now. */
    boolean tryTake();

    /** When a failed {@link #tryTake()} may succeed without a refill, in nanoseconds from now. */
    long retryInNanos();

    /** The end of the current period while its quota is used up, else empty. */
    Optional<Instant> exhaustedUntil();

    /** When the quota ran out in this period (meaningful with {@link #exhaustedUntil()}). */
    Instant exhaustedSince();

    /** Permits left in the current period, as far as this replica knows. */
    long remaining();
}
