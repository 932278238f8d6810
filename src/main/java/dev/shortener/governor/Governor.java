package dev.shortener.governor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import dev.shortener.governor.Turns.State;
import dev.shortener.governor.Turns.Waiter;
import io.smallrye.mutiny.Uni;

// Over 250 lines: the in-flight limit, the gate and the lanes' turns are one decision under one lock.
/**
 * The service-wide limits of one provider in this replica: at most {@code maxInFlight} calls at once, and a
 * {@link Gate} (a global pause after a 429 or a 503 with Retry-After, an optional smooth rate, the provider's
 * {@link OutageBreaker}, an optional quota). Waiting callers are served in {@link Turns}: one permit per {@link Lane}
 * (a batch or a job chunk) in round robin, so a small batch is never queued behind a large one. Permits are granted
 * outside the lock; {@link #release()} and the scheduler's wake-ups drive the queue.
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
    private final LongSupplier nanoTime;
    private final OutageBreaker breaker;
    private final Object lock = new Object();
    private final Turns turns = new Turns();
    private final Gate gate;
    private final Pause pause;
    private int maxInFlight;
    private int inFlight;
    private final WakeUp wakeUp;
    private volatile PauseListener pauseListener;

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
        this.nanoTime = nanoTime;
        this.breaker = breaker;
        this.gate = new Gate(rate, nanoTime, breaker);
        this.pause = gate.pause();
        this.wakeUp = new WakeUp(scheduler, nanoTime, this::wakeUp);
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
        thenGrant(() -> maxInFlight = limit);
    }

    /** Sets the smooth rate here, permits per second (0: none); waiting calls are granted at the new pace. */
    public void setRate(double rate) {
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate must not be negative, got " + rate);
        }
        thenGrant(() -> gate.setRate(rate));
    }

    /** Who hears the pauses started here (the cluster, which tells every replica); null for none. */
    public void setPauseListener(PauseListener listener) {
        this.pauseListener = listener;
    }

    /** Counts calls against {@code quota} from now on (null: none). */
    void setQuota(Quota quota) {
        thenGrant(() -> gate.setQuota(quota));
    }

    /** The quota counted here, or null. */
    Quota quota() {
        return gate.quota();
    }

    /**
     * Looks at the gate again after something outside the lock changed it: the quota got permits from elsewhere (a
     * lease of the cluster's count), or another replica's word moved the breaker's next probe.
     */
    void recheck() {
        wakeUp();
    }

    /** Closes the breaker as another replica did at {@code sentAtMillis}, granting the waiting calls; true if so. */
    boolean breakerClosedElsewhere(long sentAtMillis) {
        // Outside the governor's lock: the gate takes the breaker's lock under it.
        boolean closed = breaker.closeElsewhere(sentAtMillis);
        if (closed) {
            wakeUp();
        }
        return closed;
    }

    /** Milliseconds the pause still lasts (rounded up), 0 when calls are not paused; lock-free. */
    public long pausedForMillis() {
        return pause.leftMillis();
    }

    /** The end of the pause in epoch milliseconds, or 0 when calls are not paused. */
    public long pausedUntilEpochMillis() {
        return pause.untilEpochMillis();
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
            return turns.waiting();
        }
    }

    /** Global pauses started so far (a pause extended by a later 429 counts again). */
    public long pauses() {
        return pause.count();
    }

    /** True while a 429/503 pause holds every call back. */
    public boolean paused() {
        return pause.activeAt(nanoTime.getAsLong());
    }

    /** Why calls to this provider wait now, if they do. */
    public Optional<Waiting> currentWait() {
        return gate.waiting(provider);
    }

    /**
     * Tells the governor what an attempt answered: a 429 (with or without Retry-After) or a 503 with Retry-After
     * pauses every call to the provider until the advertised time; a 429 without one pauses for {@code fallback},
     * doubled (up to 32 times) for each further pause while limit answers continue after the previous one ended.
     */
    public void observe(int status, Duration retryAfter, Duration fallback) {
        Duration started = pause.observe(status, retryAfter, fallback);
        PauseListener listener = pauseListener;
        if (started != null && listener != null) {
            listener.paused(this, started);
        }
    }

    /** Pauses every call for {@code length} from now, as another replica asked; never shortens a longer pause. */
    public void pauseFor(Duration length) {
        pause.start(length);
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
            if (!turns.isEmpty() || inFlight >= maxInFlight || !gate.open(nanoTime.getAsLong())) {
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
                thenGrant(() -> turns.add(waiter));
            }).onItem().invoke(() -> waiter.received = true);
        });
    }

    private void cancel(Waiter waiter) {
        List<Waiter> granted;
        synchronized (lock) {
            switch (waiter.state) {
                case QUEUED -> turns.remove(waiter);
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
            if (!gate.open(nanoTime.getAsLong())) {
                if (gate.retryKnown()) {
                    wakeUp.at(gate.retryAt());
                }
                break;
            }
            Waiter waiter = turns.next();
            inFlight++;
            waiter.state = State.GRANTED;
            granted.add(waiter);
        }
        return granted;
    }

    private void wakeUp() {
        thenGrant(wakeUp::fired);
    }

    /** Makes {@code change} under the lock, then grants what it made grantable (outside the lock). */
    private void thenGrant(Runnable change) {
        List<Waiter> granted;
        synchronized (lock) {
            change.run();
            granted = grantable();
        }
        complete(granted);
    }

    private void complete(List<Waiter> granted) {
        for (Waiter waiter : granted) {
            boolean deliver;
            synchronized (lock) {
                deliver = waiter.state == State.GRANTED;
                if (deliver && pause.activeAt(nanoTime.getAsLong())) {
                    // Granted before a pause began, not yet handed over: it waits for the pause like the others.
                    inFlight--;
                    waiter.state = State.QUEUED;
                    turns.putBack(waiter);
                    wakeUp.at(pause.until());
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

    /** One batch's queue of waiting callers. */
    public static final class Lane {
        private final Governor governor;
        // Guarded by the governor's lock; ordered by Turns.
        final Deque<Waiter> queue = new ArrayDeque<>();

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
}
