package dev.shortener.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.subscription.Cancellable;

/** The governor's rules on a manual clock: limit, fair turns, pauses, rate, cancellation. */
class GovernorTest {

    private static final Duration NO_FALLBACK = Duration.ofSeconds(1);

    /** A clock that moves only when told to, running the wake-ups that fall due. */
    static final class ManualTime implements Governor.Scheduler {
        long now = 1_000_000_000L;
        final List<long[]> due = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void schedule(Runnable task, long delayNanos) {
            due.add(new long[] { now + delayNanos });
            tasks.add(task);
        }

        void advance(Duration by) {
            now += by.toNanos();
            for (int i = 0; i < tasks.size(); i++) {
                if (due.get(i)[0] - now <= 0) {
                    Runnable task = tasks.remove(i);
                    due.remove(i);
                    i--;
                    task.run();
                }
            }
        }

        long nanoTime() {
            return now;
        }
    }

    final ManualTime time = new ManualTime();
    final List<String> granted = new ArrayList<>();

    Governor governor(int maxInFlight, double rate) {
        return new Governor("test", maxInFlight, rate, time::nanoTime, time);
    }

    Cancellable acquire(Governor.Lane lane, String name) {
        return lane.acquire().subscribe().with(ignored -> granted.add(name));
    }

    @Test
    void grantsUpToTheLimitAndTheRestWaitForARelease() {
        Governor governor = governor(2, 0);
        Governor.Lane lane = governor.lane();
        acquire(lane, "a1");
        acquire(lane, "a2");
        acquire(lane, "a3");

        assertEquals(List.of("a1", "a2"), granted);
        assertEquals(2, governor.inFlight());
        assertEquals(1, governor.waiting());

        governor.release();
        assertEquals(List.of("a1", "a2", "a3"), granted);
        assertEquals(2, governor.inFlight());
        assertEquals(0, governor.waiting());
        governor.release();
        governor.release();
        assertEquals(0, governor.inFlight());
    }

    @Test
    void lanesTakeTurnsSoASmallBatchIsNotQueuedBehindALargeOne() {
        Governor governor = governor(1, 0);
        Governor.Lane large = governor.lane();
        Governor.Lane small = governor.lane();
        for (int i = 1; i <= 5; i++) {
            acquire(large, "large" + i);
        }
        acquire(small, "small1");
        acquire(small, "small2");

        for (int i = 0; i < 6; i++) {
            governor.release();
        }
        assertEquals(List.of("large1", "large2", "small1", "large3", "small2", "large4", "large5"), granted);
    }

    @Test
    void a429PausesEveryLaneUntilRetryAfterHasPassed() {
        Governor governor = governor(10, 0);
        governor.observe(429, Duration.ofSeconds(2), NO_FALLBACK);
        assertTrue(governor.paused());
        assertEquals(1, governor.pauses());

        acquire(governor.lane(), "a");
        acquire(governor.lane(), "b");
        assertEquals(List.of(), granted);
        assertEquals(2, governor.waiting());

        time.advance(Duration.ofMillis(1999));
        assertEquals(List.of(), granted);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("a", "b"), granted);
        assertFalse(governor.paused());
    }

    @Test
    void aPauseIsShownAsRateLimitedWaitingUntilItEnds() {
        Governor governor = governor(10, 0);
        assertTrue(governor.currentWait().isEmpty());
        governor.observe(429, Duration.ofSeconds(2), NO_FALLBACK);
        Waiting waiting = governor.currentWait().orElseThrow();
        assertEquals("test", waiting.provider());
        assertEquals(Waiting.RATE_LIMITED, waiting.reason());
        assertTrue(waiting.until().isAfter(waiting.since()), waiting.toString());
        time.advance(Duration.ofSeconds(2));
        assertTrue(governor.currentWait().isEmpty());
    }

    @Test
    void aLaterShorterPauseDoesNotShortenTheCurrentOne() {
        Governor governor = governor(10, 0);
        governor.observe(429, Duration.ofSeconds(5), NO_FALLBACK);
        governor.observe(429, Duration.ofSeconds(1), NO_FALLBACK);
        assertEquals(1, governor.pauses());
        acquire(governor.lane(), "a");

        time.advance(Duration.ofSeconds(4));
        assertEquals(List.of(), granted);
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a"), granted);
    }

    @Test
    void aLongerPauseExtendsTheCurrentOne() {
        Governor governor = governor(10, 0);
        governor.observe(503, Duration.ofSeconds(1), NO_FALLBACK);
        governor.observe(429, Duration.ofSeconds(3), NO_FALLBACK);
        assertEquals(2, governor.pauses());
        acquire(governor.lane(), "a");

        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of(), granted);
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a"), granted);
    }

    @Test
    void answersWithoutAPauseLeaveCallsFlowing() {
        Governor governor = governor(10, 0);
        governor.observe(200, null, NO_FALLBACK);
        governor.observe(500, Duration.ofSeconds(9), NO_FALLBACK);
        governor.observe(503, null, NO_FALLBACK);
        assertEquals(0, governor.pauses());
        assertFalse(governor.paused());
        acquire(governor.lane(), "a");
        assertEquals(List.of("a"), granted);
    }

    @Test
    void aRateSpacesPermitsEvenly() {
        Governor governor = governor(10, 10); // one permit per 100 ms
        Governor.Lane lane = governor.lane();
        acquire(lane, "a");
        acquire(lane, "b");
        acquire(lane, "c");
        assertEquals(List.of("a"), granted);

        time.advance(Duration.ofMillis(99));
        assertEquals(List.of("a"), granted);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("a", "b"), granted);
        time.advance(Duration.ofMillis(100));
        assertEquals(List.of("a", "b", "c"), granted);
    }

    @Test
    void anIdleRateBuildsNoBurst() {
        Governor governor = governor(10, 10);
        Governor.Lane lane = governor.lane();
        time.advance(Duration.ofSeconds(10));
        acquire(lane, "a");
        acquire(lane, "b");
        assertEquals(List.of("a"), granted);
        time.advance(Duration.ofMillis(100));
        assertEquals(List.of("a", "b"), granted);
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndTheNextLaneGetsThePermit() {
        Governor governor = governor(1, 0);
        acquire(governor.lane(), "holder");
        Cancellable gone = acquire(governor.lane(), "gone");
        acquire(governor.lane(), "next");
        assertEquals(2, governor.waiting());

        gone.cancel();
        assertEquals(1, governor.waiting());
        governor.release();
        assertEquals(List.of("holder", "next"), granted);
        assertEquals(1, governor.inFlight());
    }

    @Test
    void tryAcquireTakesAFreePermitAtOnceUpToTheLimit() {
        Governor governor = governor(2, 0);
        Governor.Lane lane = governor.lane();
        assertTrue(lane.tryAcquire());
        assertTrue(lane.tryAcquire());
        assertFalse(lane.tryAcquire(), "the limit is reached");
        assertEquals(2, governor.inFlight());
        governor.release();
        assertTrue(lane.tryAcquire());
    }

    @Test
    void tryAcquireNeverOvertakesAWaitingLane() {
        Governor governor = governor(2, 10); // one permit per 100 ms
        assertTrue(governor.lane().tryAcquire());
        acquire(governor.lane(), "queued"); // waits for the rate
        time.now += Duration.ofMillis(100).toNanos(); // its wake-up is due but has not run yet
        assertFalse(governor.lane().tryAcquire(), "a lane is waiting: its turn comes first");
        time.advance(Duration.ZERO);
        assertEquals(List.of("queued"), granted);
        assertEquals(2, governor.inFlight());
    }

    @Test
    void tryAcquireRespectsAPauseAndTheRate() {
        Governor paused = governor(5, 0);
        paused.observe(429, Duration.ofSeconds(2), NO_FALLBACK);
        assertFalse(paused.lane().tryAcquire());
        time.advance(Duration.ofSeconds(2));
        assertTrue(paused.lane().tryAcquire());

        Governor rated = governor(5, 10); // one permit per 100 ms
        assertTrue(rated.lane().tryAcquire());
        assertFalse(rated.lane().tryAcquire());
        time.advance(Duration.ofMillis(100));
        assertTrue(rated.lane().tryAcquire());
    }

    @Test
    void aRaisedLimitGrantsWaitersAtOnceAndALoweredOneLetsCallsInFlightFinish() {
        Governor governor = governor(2, 0);
        governor.setMaxInFlight(0);
        Governor.Lane lane = governor.lane();
        acquire(lane, "a");
        acquire(lane, "b");
        acquire(lane, "c");
        assertEquals(List.of(), granted, "a limit of 0 holds every call");
        assertFalse(lane.tryAcquire());

        governor.setMaxInFlight(2);
        assertEquals(List.of("a", "b"), granted);
        assertEquals(2, governor.configuredMaxInFlight());
        governor.setMaxInFlight(1);
        governor.release();
        assertEquals(List.of("a", "b"), granted, "still one in flight: at the lowered limit");
        governor.release();
        assertEquals(List.of("a", "b", "c"), granted);
        assertThrows(IllegalArgumentException.class, () -> governor.setMaxInFlight(-1));
    }

    @Test
    void aRaisedRateShortensTheWait() {
        Governor governor = governor(10, 1); // one permit per second
        Governor.Lane lane = governor.lane();
        acquire(lane, "a");
        acquire(lane, "b");
        assertEquals(List.of("a"), granted);
        governor.setRate(10);
        time.advance(Duration.ofMillis(100));
        assertEquals(List.of("a", "b"), granted);
    }

    @Test
    void aPauseFromAnotherReplicaHoldsCallsAndIsNotSentBack() {
        Governor governor = governor(10, 0);
        List<Duration> heard = new ArrayList<>();
        governor.setPauseListener((g, length) -> heard.add(length));
        governor.pauseFor(Duration.ofSeconds(1));
        acquire(governor.lane(), "a");
        assertEquals(List.of(), granted);
        assertTrue(governor.pausedUntilEpochMillis() > System.currentTimeMillis());
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a"), granted);
        assertEquals(0, governor.pausedUntilEpochMillis());
        assertEquals(List.of(), heard, "only pauses started here are shared");

        governor.observe(429, Duration.ofSeconds(2), NO_FALLBACK);
        assertEquals(List.of(Duration.ofSeconds(2)), heard);
    }

    @Test
    void withoutRetryAfterThePauseDoublesWhileLimitAnswersContinueAfterIt() {
        Governor governor = governor(10, 0);
        List<Duration> heard = new ArrayList<>();
        governor.setPauseListener((g, length) -> heard.add(length));
        governor.observe(429, null, NO_FALLBACK);
        governor.observe(429, null, NO_FALLBACK); // sent before the pause: does not grow it
        time.advance(Duration.ofSeconds(1));
        governor.observe(429, null, NO_FALLBACK);
        time.advance(Duration.ofSeconds(2));
        governor.observe(429, null, NO_FALLBACK);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), heard);
        time.advance(Duration.ofSeconds(4));
        governor.observe(200, null, NO_FALLBACK);
        governor.observe(429, null, NO_FALLBACK);
        assertEquals(Duration.ofSeconds(1), heard.get(3), "a success starts over");
        assertEquals(Duration.ofSeconds(32), GovernorPolicy.backoff(NO_FALLBACK, 40), "capped");
    }

    @Test
    void aUsedUpQuotaHoldsCallsAsWaitingForQuota() {
        Governor governor = governor(10, 0);
        long[] epoch = { java.time.Instant.parse("2026-12-07T12:00:00Z").toEpochMilli() };
        governor.setQuota(new LocalQuota(QuotaSpec.parse("2/10s"), () -> epoch[0]));
        Governor.Lane lane = governor.lane();
        assertTrue(lane.tryAcquire());
        acquire(lane, "b");
        acquire(lane, "c");
        assertEquals(List.of("b"), granted);
        Waiting waiting = governor.currentWait().orElseThrow();
        assertEquals(Waiting.QUOTA, waiting.reason());
        assertEquals(java.time.Instant.parse("2026-12-07T12:00:10Z"), waiting.until());
        epoch[0] += 10_000;
        time.advance(Duration.ofSeconds(10));
        assertEquals(List.of("b", "c"), granted);
        assertTrue(governor.currentWait().isEmpty());
    }

    @Test
    void releasingMoreThanWasGrantedIsABug() {
        Governor governor = governor(1, 0);
        assertThrows(IllegalStateException.class, governor::release);
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> governor(0, 0));
        assertThrows(IllegalArgumentException.class, () -> governor(1, -1));
        assertThrows(IllegalArgumentException.class, () -> governor(1, Double.NaN));
        assertEquals("test", governor(1, 0).provider());
    }

    @Test
    void pausePolicy() {
        Duration fallback = Duration.ofMillis(750);
        assertEquals(Duration.ofSeconds(2), GovernorPolicy.pauseFor(429, Duration.ofSeconds(2), fallback));
        assertEquals(fallback, GovernorPolicy.pauseFor(429, null, fallback));
        assertEquals(Duration.ofSeconds(3), GovernorPolicy.pauseFor(503, Duration.ofSeconds(3), fallback));
        assertEquals(null, GovernorPolicy.pauseFor(503, null, fallback));
        assertEquals(null, GovernorPolicy.pauseFor(500, Duration.ofSeconds(3), fallback));
        assertEquals(null, GovernorPolicy.pauseFor(200, null, fallback));
    }
}
