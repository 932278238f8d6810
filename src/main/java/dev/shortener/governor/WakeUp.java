package dev.shortener.governor;

import java.util.function.LongSupplier;

/**
 * A governor's one pending wake-up (after a pause, a rate interval, a probe delay or a quota period): asking for an
 * earlier one schedules it, a later one is left to the earlier. Guarded by the governor's lock.
 */
final class WakeUp {

    private final Governor.Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final Runnable task;
    private long at;
    private boolean scheduled;

    WakeUp(Governor.Scheduler scheduler, LongSupplier nanoTime, Runnable task) {
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.task = task;
    }

    /** Runs the task at {@code when} (nano time) unless one is already due by then. */
    void at(long when) {
        if (scheduled && at - when <= 0) {
            return;
        }
        scheduled = true;
        at = when;
        scheduler.schedule(task, Math.max(0, when - nanoTime.getAsLong()));
    }

    /** The task runs now: the next request schedules again. */
    void fired() {
        scheduled = false;
    }
}
