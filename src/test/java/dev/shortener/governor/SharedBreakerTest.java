package dev.shortener.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.shortener.governor.OutageBreaker.State;

/**
 * Two replicas' breakers on one manual clock, their messages relayed as {@link BreakerChannel} relays them (replica
 * "a" outranks "b"): one opening opens both with the same since, only the opener probes, a close anywhere closes
 * both, and the follower takes over probing when the prober goes silent.
 */
class SharedBreakerTest {

    static final long GRACE = Duration.ofSeconds(1).toNanos();

    final GovernorTest.ManualTime time = new GovernorTest.ManualTime();
    long wall = 1_000_000;
    final Replica a = new Replica("a");
    final Replica b = new Replica("b");

    /** One replica: its breaker, governor, the calls it was granted, and whether its messages reach the other. */
    final class Replica {
        final String name;
        final OutageBreaker breaker = new OutageBreaker(20, Duration.ofSeconds(8), time::nanoTime, () -> wall);
        final Governor governor = new Governor("test", 100, 0, time::nanoTime, time, breaker);
        final List<String> granted = new ArrayList<>();
        boolean connected = true;
        int probesAnnounced;

        Replica(String name) {
            this.name = name;
        }

        Replica other() {
            return this == a ? b : a;
        }

        void connect() {
            breaker.setListener(new OutageBreaker.Listener() {
                @Override
                public void open(Instant since, long delayNanos, long atMillis) {
                    probesAnnounced++;
                    if (connected && other().breaker.follow(since, delayNanos, delayNanos + GRACE,
                            name.compareTo(other().name) < 0, atMillis)) {
                        other().governor.recheck();
                    }
                }

                @Override
                public void closed(long atMillis) {
                    if (connected) {
                        other().governor.breakerClosedElsewhere(atMillis);
                    }
                }
            });
        }

        void fail(int times) {
            for (int i = 0; i < times; i++) {
                breaker.failed();
            }
        }

        void acquire(String call) {
            governor.lane().acquire().subscribe().with(ignored -> granted.add(call));
        }
    }

    SharedBreakerTest() {
        a.connect();
        b.connect();
    }

    @Test
    void anOpeningOnOneReplicaOpensTheOtherWithTheSameSinceAndOnlyTheOpenerProbes() {
        a.fail(20);
        assertEquals(State.OPEN, a.breaker.state());
        assertEquals(State.OPEN, b.breaker.state());
        assertTrue(b.breaker.following());
        assertEquals(a.breaker.since(), b.breaker.since());
        assertEquals(Waiting.OUTAGE, b.governor.currentWait().orElseThrow().reason());
        assertEquals(a.breaker.since(), b.governor.currentWait().orElseThrow().since());

        a.acquire("a1");
        b.acquire("b1");
        // The opener probes every 1, 2, 4, 8, 8 s and fails; the follower hears each and never probes.
        long[] delays = { 1000, 2000, 4000, 8000, 8000 };
        for (long delay : delays) {
            int before = a.granted.size();
            time.advance(Duration.ofMillis(delay));
            assertEquals(before + 1, a.granted.size(), "a probes after " + delay + " ms");
            assertEquals(List.of(), b.granted, "b waits for a's word");
            a.breaker.failed();
            a.governor.release();
            a.acquire("a-next");
        }
        assertEquals(State.OPEN, b.breaker.state());

        // a's probe succeeds: both close, b's waiting call goes at once.
        time.advance(Duration.ofSeconds(8));
        a.breaker.succeeded();
        a.governor.release();
        assertEquals(State.CLOSED, b.breaker.state());
        assertEquals(List.of("b1"), b.granted);
        assertEquals(Optional.empty(), b.governor.currentWait());
    }

    @Test
    void aCloseOnTheFollowerClosesTheOpenerToo() {
        a.fail(20);
        a.acquire("a1");
        // A call b sent before the outage answers: the provider is up.
        b.breaker.succeeded();
        assertEquals(State.CLOSED, b.breaker.state());
        assertEquals(State.CLOSED, a.breaker.state());
        assertEquals(List.of("a1"), a.granted, "a's waiting call goes without waiting for its probe");
    }

    @Test
    void theFollowerTakesOverProbingWhenTheProberGoesSilent() {
        a.fail(20);
        a.connected = false; // killed: nothing more from it
        b.acquire("b1");
        time.advance(Duration.ofMillis(1000 + 999));
        assertEquals(List.of(), b.granted, "not before a's announced delay and the grace");
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("b1"), b.granted, "b probes in a's place");
        assertFalse(b.breaker.following());
        assertEquals(State.HALF_OPEN, b.breaker.state());
        // Its failed probe opens it again: b is the prober now, at the doubled delay.
        b.breaker.failed();
        b.governor.release();
        b.acquire("b2");
        time.advance(Duration.ofMillis(1999));
        assertEquals(List.of("b1"), b.granted);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of("b1", "b2"), b.granted);
    }

    @Test
    void twoReplicasThatOpenAtOnceKeepOneProber() {
        a.connected = false;
        b.connected = false;
        a.fail(20);
        b.fail(20);
        a.connected = true;
        b.connected = true;
        // Both announce (their next probes): the one outranked follows, the other keeps probing.
        a.acquire("a1");
        b.acquire("b1");
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a1"), a.granted);
        assertEquals(List.of(), b.granted, "b heard a's probe and yields to it");
        assertTrue(b.breaker.following());
        assertFalse(a.breaker.following());
    }

    @Test
    void anOpeningSentBeforeTheLastCloseIsStale() {
        a.fail(20);
        wall += 10;
        b.breaker.succeeded(); // closes both
        long staleSentAt = wall - 5;
        assertFalse(b.breaker.follow(Instant.ofEpochMilli(wall - 100), GRACE, GRACE, true, staleSentAt));
        assertEquals(State.CLOSED, b.breaker.state());
        assertTrue(b.breaker.follow(Instant.ofEpochMilli(wall), GRACE, GRACE, true, wall + 1));
        assertEquals(State.OPEN, b.breaker.state());
    }
}
