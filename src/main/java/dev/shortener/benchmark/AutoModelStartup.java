package dev.shortener.benchmark;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.shortener.config.ModelName;
import dev.shortener.config.ShortenerConfig;
import dev.shortener.execution.AutoChoice;
import io.quarkus.runtime.StartupEvent;

/**
 * With {@code shortener.model=auto}, runs a small benchmark in the background at start-up (every model,
 * {@code shortener.benchmark.startup-requests} calls, one round, no warmup) so that {@code auto} leaves {@code async}
 * for the fastest model as soon as there is an answer. Start-up does not wait for it.
 */
public class AutoModelStartup {

    private static final Logger LOG = Logger.getLogger(AutoModelStartup.class);

    void onStart(@Observes StartupEvent event, ShortenerConfig config, BenchmarkService benchmarks,
            AutoChoice autoChoice) {
        if (config.model() != ModelName.AUTO) {
            return;
        }
        int requests = config.benchmark().startupRequests();
        if (requests < 1 || requests > BenchmarkService.MAX_REQUESTS) {
            throw new IllegalStateException("shortener.benchmark.startup-requests must be between 1 and "
                    + BenchmarkService.MAX_REQUESTS + ", got " + requests);
        }
        BenchmarkPlan plan = benchmarks.plan(new BenchmarkRequest(requests, null, 1, false));
        LOG.infof("shortener.model=auto: batches run on %s until the start-up benchmark names the fastest model",
                autoChoice.current());
        benchmarks.run(plan).subscribe().with(
                result -> LOG.infof("start-up benchmark done: auto runs on %s", autoChoice.current()),
                failure -> LOG.warnf(failure, "start-up benchmark failed: auto stays on %s", autoChoice.current()));
    }
}
