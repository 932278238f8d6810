package dev.shortener.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The benchmark's statistics and verdicts. */
class RankingTest {

    static BenchmarkResult.ModelResult result(String model, double wallMillis, long errors, double cpuMicros) {
        return new BenchmarkResult.ModelResult(model, 1, wallMillis, wallMillis, List.of(wallMillis), 1, null, null,
                null, null, errors, null, null, cpuMicros);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Ranking.median(List.of(5L, 1L, 3L)));
        assertEquals(2.5, Ranking.median(List.of(4L, 1L, 3L, 2L)));
        assertEquals(7.0, Ranking.median(List.of(7L)));
        assertTrue(Double.isNaN(Ranking.median(List.of())));
    }

    @Test
    void cpuPerCallInMicroseconds() {
        assertEquals(60.0, Ranking.microsPerCall(600_000_000L, 10_000));
        assertEquals(0.5, Ranking.microsPerCall(500, 1));
        assertEquals(0.0, Ranking.microsPerCall(123, 0));
    }

    @Test
    void fastestIsTheQuickestErrorFreeModel() {
        List<BenchmarkResult.ModelResult> ranked = Ranking.byWallTime(List.of(result("sync", 900, 0, 10),
                result("async", 100, 3, 50), result("threads", 300, 0, 40), result("virtual-threads", 200, 0, 30)));
        assertEquals(List.of("virtual-threads", "threads", "sync", "async"),
                ranked.stream().map(BenchmarkResult.ModelResult::model).toList());
        assertEquals("virtual-threads", Ranking.fastest(ranked));
    }

    @Test
    void noFastestWhenEveryModelErred() {
        List<BenchmarkResult.ModelResult> ranked = Ranking.byWallTime(List.of(result("sync", 900, 1, 10),
                result("async", 100, 3, 50)));
        assertNull(Ranking.fastest(ranked));
        assertNull(Ranking.fastest(List.of()));
        assertNull(Ranking.cheapest(ranked));
    }

    @Test
    void cheapestIsTheErrorFreeModelWithTheLeastCpuPerCall() {
        assertEquals("threads", Ranking.cheapest(List.of(result("sync", 900, 2, 5), result("async", 100, 0, 50),
                result("threads", 300, 0, 40), result("processes", 300, 0, 45))));
    }
}
