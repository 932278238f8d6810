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

// Over 250 lines: in flight, rate, quota, pause and the lanes' turns are one decision taken under one lock.
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

    /** Hears the pauses this replica's answers start, to share them with the other replicas. */
    @FunctionalInterface
    public interface PauseListener {
        /** A pause of {@code length} began here. */
        void paused(Governor governor, Duration length);
    }

    private final String provider;
    private final int configuredMaxInFlight;
    private final double configuredRate;
    private int maxInFlight;
    private long intervalNanos;
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
    // Consecutive pauses without a Retry-After: each one that follows an ended pause doubles the next (capped).
    private int pausesWithoutRetryAfter;
    private volatile boolean recentPauseWithoutRetryAfter;
    private volatile PauseListener pauseListener;
    // The pause's end for lock-free readers (the transport's last check before sending); 0 when never paused.
    private volatile long pauseEnds;
    private Quota quota;

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
        this.configuredMaxInFlight = maxInFlight;
        this.configuredRate = rate;
        this.maxInFlight = maxInFlight;
        this.intervalNanos = interval(rate);
        this.nanoTime = nanoTime;
        this.scheduler = scheduler;
        this.breaker = breaker;
        this.nextPermitAt = nanoTime.getAsLong();
    }

    /** The provider this governor protects, as named in metrics. */
    public String provider() {
        return provider;
    }

    /** The limit of calls in flight as configured (the cluster's cap when replicas share a store). */
    public int configuredMaxInFlight() {
        return configuredMaxInFlight;
    }

    /** The rate as configured, permits per second (0: none). */
    public double configuredRate() {
        return configuredRate;
    }

    /** The limit of calls in flight this replica applies now (its share of the cluster's cap). */
    public int maxInFlight() {
        synchronized (lock) {
            return maxInFlight;
        }
    }

    /**
     * Sets the limit of calls in flight here (0 holds every new call); raising it grants waiting calls at once,
     * lowering it lets the calls in flight finish and grants no more until they are below it.
     */
    public void setMaxInFlight(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("max-in-flight must not be negative, got " + limit);
        }
        List<Waiter> granted;
        synchronized (lock) {
            maxInFlight = limit;
            granted = grantable();
        }
        complete(granted);
    }

    /** Sets the smooth rate here, permits per second (0: none); waiting calls are granted at the new pace. */
    public void setRate(double rate) {
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate must not be negative, got " + rate);
        }
        List<Waiter> granted;
        synchronized (lock) {
            long interval = interval(rate);
            // Time already waited at the old pace counts: never later than the new interval from now.
            nextPermitAt = Math.min(nextPermitAt, nanoTime.getAsLong() + interval);
            intervalNanos = interval;
            granted = grantable();
        }
        complete(granted);
    }

    /** Who hears the pauses started here (the cluster, which tells every replica); null for none. */
    public void setPauseListener(PauseListener listener) {
        this.pauseListener = listener;
    }

    /** Counts calls against {@code quota} from now on (null: none). */
    void setQuota(Quota quota) {
        List<Waiter> granted;
        synchronized (lock) {
            this.quota = quota;
            granted = grantable();
        }
        complete(granted);
    }

    /** The quota counted here, or null. */
    Quota quota() {
        synchronized (lock) {
            return quota;
        }
    }

    /** Re-reads the breaker after another replica's word moved its next probe (the wake-up follows it). */
    void breakerFollowed() {
        wakeUp();
    }

    /** Closes the breaker as another replica did at {@code sentAtMillis}, granting the waiting calls; true if so. */
    boolean breakerClosedElsewhere(long sentAtMillis) {
        // Outside the governor's lock: grantable() takes the breaker's lock under it.
        boolean closed = breaker.closeElsewhere(sentAtMillis);
        if (closed) {
            wakeUp();
        }
        return closed;
    }

    /** Wakes the waiters after the quota got permits from elsewhere (a lease of the cluster's count). */
    void quotaRefilled() {
        wakeUp();
    }

    /** Milliseconds the pause still lasts (rounded up), 0 when calls are not paused; lock-free. */
    public long pausedForMillis() {
        long ends = pauseEnds;
        if (ends == 0) {
            return 0;
        }
        long left = ends - nanoTime.getAsLong();
        return left > 0 ? (left + 999_999) / 1_000_000 : 0;
    }

    /** The end of the pause in epoch milliseconds, or 0 when calls are not paused. */
    public long pausedUntilEpochMillis() {
        synchronized (lock) {
            long left = pausedUntil - nanoTime.getAsLong();
            return paused && left > 0 ? System.currentTimeMillis() + left / 1_000_000 : 0;
        }
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
                return quota == null ? Optional.empty() : quota.exhaustedUntil()
                        .map(until -> new Waiting(provider, Waiting.QUOTA, quota.exhaustedSince(), until));
            }
            return Optional.of(new Waiting(provider, Waiting.RATE_LIMITED, pausedSince,
                    Instant.now().plusNanos(left)));
        }
    }

    /**
     * Tells the governor what an attempt answered: a 429 (with or without Retry-After) or a 503 with Retry-After
     * pauses every call to the provider until the advertised time; a 429 without one pauses for {@code fallback},
     * doubled (up to 32 times) for each further pause while limit answers continue after the previous one ended.
     */
    public void observe(int status, Duration retryAfter, Duration fallback) {
        Duration pause = GovernorPolicy.pauseFor(status, retryAfter, fallback);
        if (pause == null) {
            if (recentPauseWithoutRetryAfter && status >= 200 && status < 300) {
                synchronized (lock) {
                    pausesWithoutRetryAfter = 0;
                    recentPauseWithoutRetryAfter = false;
                }
            }
            return;
        }
        boolean started;
        synchronized (lock) {
            boolean pausedNow = pausedNow(nanoTime.getAsLong());
            if (retryAfter == null) {
                if (pausedNow) {
                    return; // sent before the pause began: not a sign that limit answers continue
                }
                pause = GovernorPolicy.backoff(pause, pausesWithoutRetryAfter++);
                recentPauseWithoutRetryAfter = true;
            }
            started = pauseLocked(pause);
        }
        PauseListener listener = pauseListener;
        if (started && listener != null) {
            listener.paused(this, pause);
        }
    }

    /** Pauses every call for {@code length} from now, as another replica asked; never shortens a longer pause. */
    public void pauseFor(Duration length) {
        synchronized (lock) {
            pauseLocked(length);
        }
    }

    private boolean pauseLocked(Duration length) {
        long now = nanoTime.getAsLong();
        long until = now + length.toNanos();
        if (pausedNow(now) && until - pausedUntil <= 0) {
            return false;
        }
        if (!pausedNow(now)) {
            pausedSince = Instant.now();
        }
        pausedUntil = until;
        pauseEnds = until;
        paused = true;
        pauses++;
        return true;
    }

    private boolean pausedNow(long now) {
        return paused && now - pausedUntil < 0;
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
            // The breaker before the quota, as in grantable().
            if (breaker.state() != OutageBreaker.State.CLOSED && !breaker.allows(nanoTime.getAsLong())) {
                return false;
            }
            if (quota != null && !quota.tryTake()) {
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
            if (intervalNanos > 0 && now - nextPermitAt < 0) {
                wakeUpAt(nextPermitAt);
                break;
            }
            // The breaker before the quota: a quota permit taken for a call the breaker holds back would be lost.
            if (breaker.state() != OutageBreaker.State.CLOSED && !breaker.allows(now)) {
                wakeUpAt(breaker.nextProbeAt());
                break;
            }
            if (quota != null && !quota.tryTake()) {
                long retryIn = quota.retryInNanos();
                if (retryIn > 0) {
                    wakeUpAt(now + retryIn);
                }
                break;
            }
            if (intervalNanos > 0) {
                // Smooth: no burst after an idle period, one permit per interval.
                nextPermitAt = Math.max(nextPermitAt, now) + intervalNanos;
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
                if (deliver && pausedNow(nanoTime.getAsLong())) {
                    // Granted before a pause began, not yet handed over: it waits for the pause like the others.
                    requeue(waiter);
                    deliver = false;
                } else if (deliver) {
                    waiter.state = State.DELIVERING;
                }
            }
            if (deliver) {
                waiter.emitter.complete(null);
            }
        }
    }

    private void requeue(Waiter waiter) {
        inFlight--;
        waiting++;
        waiter.state = State.QUEUED;
        if (waiter.lane.queue.isEmpty()) {
            turns.addFirst(waiter.lane);
        }
        waiter.lane.queue.addFirst(waiter);
        wakeUpAt(pausedUntil);
    }

    private static long interval(double rate) {
        return rate == 0 ? 0 : Math.max(1, Math.round(1e9 / rate));
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
