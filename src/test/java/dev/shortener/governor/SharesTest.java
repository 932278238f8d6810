package dev.shortener.governor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The split of a cluster cap between replicas, and the safe step towards a new share. */
class SharesTest {

    private static Map<String, Integer> split(int cap, int... demands) {
        List<Shares.Claim> claims = new ArrayList<>();
        for (int i = 0; i < demands.length; i++) {
            claims.add(new Shares.Claim("r" + i, demands[i]));
        }
        return Shares.split(cap, claims);
    }

    private static int sum(Map<String, Integer> shares) {
        return shares.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void equalDemandSplitsEvenlyAndEveryReplicaComputesTheSameRemainder() {
        assertEquals(Map.of("r0", 50, "r1", 50, "r2", 50), split(150, 500, 500, 500));
        assertEquals(Map.of("r0", 33, "r1", 33, "r2", 34), split(100, 500, 500, 500));
    }

    @Test
    void anIdleReplicaKeepsOneAndLendsTheRestToTheBusyOnes() {
        assertEquals(Map.of("r0", 148, "r1", 1, "r2", 1), split(150, 1000, 0, 0));
        assertEquals(Map.of("r0", 74, "r1", 75, "r2", 1), split(150, 1000, 1000, 0));
    }

    @Test
    void aSmallDemandIsMetInFullAndTheBigOnesShareTheRest() {
        Map<String, Integer> shares = split(150, 10, 1000, 1000);
        assertEquals(10, shares.get("r0"));
        assertEquals(140, shares.get("r1") + shares.get("r2"));
        assertEquals(70, shares.get("r1"));
    }

    @Test
    void whatNobodyWantsIsSpreadEvenlyAndTheSharesAlwaysAddUpToTheCap() {
        assertEquals(Map.of("r0", 50, "r1", 50, "r2", 50), split(150, 0, 0, 0));
        assertEquals(Map.of("r0", 80, "r1", 40, "r2", 30), split(150, 60, 20, 10));
        for (int cap : new int[] { 1, 2, 3, 7, 150, 1000 }) {
            assertEquals(cap, sum(split(cap, 5, 0, 900, 3)), "cap " + cap);
        }
        assertEquals(Map.of("r0", 1, "r1", 1, "r2", 0), split(2, 9, 9, 9), "fewer permits than replicas");
        assertEquals(Map.of(), Shares.split(10, List.of()));
    }

    @Test
    void lowersAtOnceButRaisesOnlyIntoTheRoomTheOthersLeave() {
        assertEquals(40, Shares.next(100, 40, 150, 10), "lower: at once");
        assertEquals(50, Shares.next(10, 75, 150, 100), "raise: up to what the others' holds leave");
        assertEquals(75, Shares.next(10, 75, 150, 20), "raise: to the target when there is room");
        assertEquals(10, Shares.next(10, 75, 150, 150), "no room: stay");
        assertEquals(0, Shares.next(0, 50, 150, 150), "a new replica waits for the others to lower");
    }
}
