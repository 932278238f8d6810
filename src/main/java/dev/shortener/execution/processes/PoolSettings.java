package dev.shortener.execution.processes;

import java.time.Duration;
import java.util.List;

import dev.shortener.upstream.UpstreamSettings;

/**
 * How a {@link WorkerPool} runs.
 *
 * @param workers worker processes
 * @param command the worker command line
 * @param upstream what the workers call, sent as their first stdin line
 * @param queueDepth calls queued on one worker at most
 * @param hangMargin added to an attempt's longest time before a silent worker is killed
 * @param startTimeout time from spawn to the ready line
 * @param shutdownGrace time workers get to exit when the pool closes
 */
record PoolSettings(int workers, List<String> command, UpstreamSettings upstream, int queueDepth,
        Duration hangMargin, Duration startTimeout, Duration shutdownGrace) {
}
