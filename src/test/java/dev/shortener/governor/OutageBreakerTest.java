package dev.shortener.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.shortener.governor.OutageBreaker.State;

/** The outage breaker on a manual clock: when it opens, how its probes go, and the governor holding permits back. */
class OutageBreakerTest {

    final GovernorTest.ManualTime time = new GovernorTest.ManualTime();
    final OutageBreaker breaker = new OutageBreaker(20, Duration.ofSeconds(8), time::nanoTime);
    final Governor governor = new Governor("test", 100, 0, time::nanoTime, time, breaker);
    final List<String> granted = new ArrayList<>();

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            breaker.failed();
        }
    }

    private void acquire(Governor.Lane lane, String name) {
        lane.acquire().subscribe().with(ignored -> granted.add(name));
    }

    @Test
    void opensAfterTwentyOutageFailuresInARowOnly() {
        fail(19);
        assertEquals(State.CLOSED, breaker.state());
        breaker.succeeded();
        fail(19);
        assertEquals(State.CLOSED, breaker.state(), "a success between starts the run again");

        breaker.failed();
        assertEquals(State.OPEN, breaker.state());
        assertEquals(1, breaker.opened());
        assertNotNull(breaker.since());
    }

    @Test
    void aSlowCallOrA503AmongAnswersNeverOpensIt() {
        // The fault mix of the other tests: one outage-type failure in a few answers, for many rounds.
        for (int round = 0; round < 10_000; round++) {
            if (round % 3 == 1) {
                breaker.failed();
            } else {
                breaker.succeeded();
            }
        }
        // Long runs of failures short of the threshold, e.g. one slow call retried, never open it either.
        for (int round = 0; round < 100; round++) {
            fail(19);
            breaker.succeeded();
        }
        assertEquals(State.CLOSED, breaker.state());
        assertEquals(0, breaker.opened());
        assertEquals(Optional.empty(), governor.currentWait());
    }

    @Test
    void whileOpenTheGovernorGrantsNothingThenOneProbeAfterADelayThatDoubles() {
        fail(20);
        Governor.Lane lane = governor.lane();
        acquire(lane, "a");
        acquire(lane, "b");
        assertEquals(List.of(), granted);
        assertEquals(Waiting.OUTAGE, governor.currentWait().orElseThrow().reason());
        assertEquals(breaker.since(), governor.currentWait().orElseThrow().since());

        time.advance(Duration.ofMillis(999));
        assertEquals(List.of(), granted);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("a"), granted, "one probe after 1 s");
        assertEquals(State.HALF_OPEN, breaker.state());

        // The probe fails: open again, the next probe after 2 s, then 4 s, then at most 8 s.
        long[] delays = { 2000, 4000, 8000, 8000 };
        for (long delay : delays) {
            breaker.failed();
            governor.release();
            assertEquals(State.OPEN, breaker.state());
            int before = granted.size();
            acquire(lane, "p" + delay);
            time.advance(Duration.ofMillis(delay - 1));
            assertEquals(before, granted.size(), "no probe before " + delay + " ms");
            time.advance(Duration.ofMillis(1));
            assertEquals(before + 1, granted.size(), "a probe at " + delay + " ms");
        }

        // The probe succeeds: closed, and every waiting call gets its permit.
        int waiting = governor.waiting();
        assertTrue(waiting > 0);
        breaker.succeeded();
        governor.release();
        assertEquals(State.CLOSED, breaker.state());
        assertEquals(0, governor.waiting());
        assertEquals(Optional.empty(), governor.currentWait());
    }

    @Test
    void aProbeThatNeverAnswersDoesNotHoldItHalfOpen() {
        fail(20);
        Governor.Lane lane = governor.lane();
        acquire(lane, "probe");
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("probe"), granted);
        governor.release(); // cancelled: no answer reached the breaker

        acquire(lane, "next");
        time.advance(Duration.ofMillis(999));
        assertEquals(List.of("probe"), granted);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("probe", "next"), granted);
        assertEquals(State.HALF_OPEN, breaker.state());
    }

    @Test
    void anUncontendedCallTakesNoPermitWhileOpen() {
        fail(20);
        assertEquals(false, governor.lane().tryAcquire());
        time.advance(Duration.ofSeconds(1));
        assertEquals(true, governor.lane().tryAcquire(), "the probe");
        assertEquals(false, governor.lane().tryAcquire(), "only one");
    }
}
