package dev.shortener.benchmark;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies of single calls in a fixed-size HdrHistogram (microsecond resolution, 3 significant digits): memory does
 * not grow with the number of calls, and recording from many threads at once is safe.
 */
final class LatencyHistogram {

    private final Histogram histogram = new ConcurrentHistogram(3);

    void record(long nanos) {
        histogram.recordValue(Math.max(1, nanos / 1_000));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The latency at {@code percentile} (0-100) in milliseconds; NaN when nothing was recorded. */
    double percentileMillis(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** The largest latency in milliseconds; NaN when nothing was recorded. */
    double maxMillis() {
        return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1_000.0;
    }
}
