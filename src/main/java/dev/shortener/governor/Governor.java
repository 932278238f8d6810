package dev.shortener.governor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

// Over 250 lines: in flight, rate, pause and the lanes' turns are one decision taken under one lock.
/**
 * The service-wide limits of one provider in this replica: at most {@code maxInFlight} calls at once, an optional
 * smooth rate (one permit every {@code 1/rate} seconds, callers wait), and a global pause after a 429 (or a 503 with
 * Retry-After) until the time the upstream asked for. Waiting callers are served in turns: one permit per
 * {@link Lane} (a batch or a job chunk) in round robin, so a small batch is never queued behind a large one. While the
 * provider's {@link OutageBreaker} is open, no permit is granted but its probes.
 * Permits are granted outside the lock; {@link #release()} and the scheduler's wake-ups drive the queue.
 */
public final class Governor {

    /** Delays a wake-up; the service uses a scheduled executor, the unit tests a manual clock. */
    @FunctionalInterface
    public interface Scheduler {
        /** Runs {@code task} once after {@code delayNanos}. */
        void schedule(Runnable task, long delayNanos);
    }

    private final String provider;
    private final int maxInFlight;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Scheduler scheduler;
    private final OutageBreaker breaker;
    private final Object lock = new Object();
    private final Deque<Lane> turns = new ArrayDeque<>();
    private int inFlight;
    private int waiting;
    private long pausedUntil;
    private boolean paused;
    private Instant pausedSince;
    private long nextPermitAt;
    private long wakeUpAt;
    private boolean wakeUpScheduled;
    private long pauses;

    /**
     * A governor for {@code provider}.
     *
     * @param rate permits per second, or 0 for no rate limit
     */
    public Governor(String provider, int maxInFlight, double rate, LongSupplier nanoTime, Scheduler scheduler) {
        this(provider, maxInFlight, rate, nanoTime, scheduler, new OutageBreaker(20, Duration.ofSeconds(30), nanoTime));
    }

    /** A governor for {@code provider} that grants no permit while {@code breaker} is open (but its probes). */
    public Governor(String provider, int maxInFlight, double rate, LongSupplier nanoTime, Scheduler scheduler,
            OutageBreaker breaker) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max-in-flight of " + provider + " must be at least 1, got "
                    + maxInFlight);
        }
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate of " + provider + " must be positive, got " + rate);
        }
        this.provider = provider;
        this.maxInFlight = maxInFlight;
        this.intervalNanos = rate == 0 ? 0 : Math.max(1, Math.round(1e9 / rate));
        this.nanoTime = nanoTime;
        this.scheduler = scheduler;
        this.breaker = breaker;
        this.nextPermitAt = nanoTime.getAsLong();
    }

    /** The provider this governor protects, as named in metrics. */
    public String provider() {
        return provider;
    }

    /** The provider's outage breaker: the pipeline reports each answer to it before the permit goes back. */
    public OutageBreaker breaker() {
        return breaker;
    }

    /** A new lane: one batch's (or job chunk's) place in the round robin. */
    public Lane lane() {
        return new Lane(this);
    }

    /** Calls holding a permit now. */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /** Callers waiting for a permit now. */
    public int waiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** Global pauses started so far (a pause extended by a later 429 counts again). */
    public long pauses() {
        synchronized (lock) {
            return pauses;
        }
    }

    /** True while a 429/503 pause holds every call back. */
    public boolean paused() {
        synchronized (lock) {
            return paused && nanoTime.getAsLong() - pausedUntil < 0;
        }
    }

    /** Why calls to this provider wait now, if they do. */
    public Optional<Waiting> currentWait() {
        if (breaker.state() != OutageBreaker.State.CLOSED) {
            Instant since = breaker.since();
            return Optional.of(new Waiting(provider, Waiting.OUTAGE, since != null ? since : Instant.now(), null));
        }
        synchronized (lock) {
            long left = pausedUntil - nanoTime.getAsLong();
            if (!paused || left <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Waiting(provider, Waiting.RATE_LIMITED, pausedSince,
                    Instant.now().plusNanos(left)));
        }
    }

    /**
     * Tells the governor what an attempt answered: a 429 (with or without Retry-After) or a 503 with Retry-After
     * pauses every call to the provider until the advertised time; a 429 without one pauses for {@code fallback}.
     */
    public void observe(int status, Duration retryAfter, Duration fallback) {
        Duration pause = GovernorPolicy.pauseFor(status, retryAfter, fallback);
        if (pause == null) {
            return;
        }
        synchronized (lock) {
            long until = nanoTime.getAsLong() + pause.toNanos();
            if (!paused || until - pausedUntil > 0) {
                if (!paused()) {
                    pausedSince = Instant.now();
                }
                pausedUntil = until;
                paused = true;
                pauses++;
            }
        }
    }

    /** Gives back a permit; the next waiting lane gets it. */
    public void release() {
        List<Waiter> granted;
        synchronized (lock) {
            if (inFlight == 0) {
                throw new IllegalStateException("release without a permit on " + provider);
            }
            inFlight--;
            granted = grantable();
        }
        complete(granted);
    }

    /**
     * Takes a permit at once if one is free and no lane waits (the round robin then has nothing to order), so that an
     * uncontended call needs no Uni; false means {@link #acquire(Lane)} must queue it.
     */
    boolean tryAcquire() {
        synchronized (lock) {
            if (!turns.isEmpty() || inFlight >= maxInFlight) {
                return false;
            }
            if (paused || intervalNanos > 0) {
                long now = nanoTime.getAsLong();
                if (paused) {
                    if (now - pausedUntil < 0) {
                        return false;
                    }
                    paused = false;
                }
                if (intervalNanos > 0) {
                    if (now - nextPermitAt < 0) {
                        return false;
                    }
                    nextPermitAt = Math.max(nextPermitAt, now) + intervalNanos;
                }
            }
            if (breaker.state() != OutageBreaker.State.CLOSED && !breaker.allows(nanoTime.getAsLong())) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    Uni<Void> acquire(Lane lane) {
        return Uni.createFrom().deferred(() -> {
            Waiter waiter = new Waiter(lane);
            return Uni.createFrom().<Void> emitter(emitter -> {
                waiter.emitter = emitter;
                // Runs after the item went downstream, or on cancellation: only then may the permit be lost.
                emitter.onTermination(() -> {
                    if (!waiter.received) {
                        cancel(waiter);
                    }
                });
                List<Waiter> granted;
                synchronized (lock) {
                    if (lane.queue.isEmpty()) {
                        turns.addLast(lane);
                    }
                    lane.queue.addLast(waiter);
                    waiting++;
                    granted = grantable();
                }
                complete(granted);
            }).onItem().invoke(() -> waiter.received = true);
        });
    }

    private void cancel(Waiter waiter) {
        List<Waiter> granted;
        synchronized (lock) {
            switch (waiter.state) {
                case QUEUED -> {
                    if (waiter.lane.queue.remove(waiter)) {
                        waiting--;
                        if (waiter.lane.queue.isEmpty()) {
                            turns.remove(waiter.lane);
                        }
                    }
                }
                // Granted but never received: the permit goes back.
                case GRANTED, DELIVERING -> inFlight--;
                case CANCELLED -> {
                    return;
                }
            }
            waiter.state = State.CANCELLED;
            granted = grantable();
        }
        complete(granted);
    }

    /** Takes the waiters that may run now, one per lane in turn; schedules a wake-up when time must pass. */
    private List<Waiter> grantable() {
        if (turns.isEmpty()) {
            return List.of(); // the common release: nobody waits
        }
        List<Waiter> granted = new ArrayList<>();
        while (inFlight < maxInFlight && !turns.isEmpty()) {
            long now = nanoTime.getAsLong();
            if (paused) {
                if (now - pausedUntil < 0) {
                    wakeUpAt(pausedUntil);
                    break;
                }
                paused = false;
            }
            if (intervalNanos > 0) {
                if (now - nextPermitAt < 0) {
                    wakeUpAt(nextPermitAt);
                    break;
                }
                // Smooth: no burst after an idle period, one permit per interval.
                nextPermitAt = Math.max(nextPermitAt, now) + intervalNanos;
            }
            if (breaker.state() != OutageBreaker.State.CLOSED && !breaker.allows(now)) {
                wakeUpAt(breaker.nextProbeAt());
                break;
            }
            Lane lane = turns.pollFirst();
            Waiter waiter = lane.queue.pollFirst();
            if (!lane.queue.isEmpty()) {
                turns.addLast(lane);
            }
            waiting--;
            inFlight++;
            waiter.state = State.GRANTED;
            granted.add(waiter);
        }
        return granted;
    }

    private void wakeUpAt(long at) {
        if (wakeUpScheduled && wakeUpAt - at <= 0) {
            return;
        }
        wakeUpScheduled = true;
        wakeUpAt = at;
        scheduler.schedule(this::wakeUp, Math.max(0, at - nanoTime.getAsLong()));
    }

    private void wakeUp() {
        List<Waiter> granted;
        synchronized (lock) {
            wakeUpScheduled = false;
            granted = grantable();
        }
        complete(granted);
    }

    private void complete(List<Waiter> granted) {
        for (Waiter waiter : granted) {
            boolean deliver;
            synchronized (lock) {
                deliver = waiter.state == State.GRANTED;
                if (deliver) {
                    waiter.state = State.DELIVERING;
                }
            }
            if (deliver) {
                waiter.emitter.complete(null);
            }
        }
    }

    /** One batch's queue of waiting callers. */
    public static final class Lane {
        private final Governor governor;
        private final Deque<Waiter> queue = new ArrayDeque<>();

        private Lane(Governor governor) {
            this.governor = governor;
        }

        /** Completes when this lane's turn gives it a permit; the caller must {@link Governor#release()} it. */
        public Uni<Void> acquire() {
            return governor.acquire(this);
        }

        /**
         * A permit now, without waiting, when one is free and no lane waits; the caller must then
         * {@link Governor#release()} it. False: use {@link #acquire()}.
         */
        public boolean tryAcquire() {
            return governor.tryAcquire();
        }

        /** The governor this lane waits on. */
        public Governor governor() {
            return governor;
        }
    }

    private enum State {
        QUEUED, GRANTED, DELIVERING, CANCELLED
    }

    private static final class Waiter {
        final Lane lane;
        UniEmitter<? super Void> emitter;
        State state = State.QUEUED;
        volatile boolean received;

        Waiter(Lane lane) {
            this.lane = lane;
        }
    }
}
