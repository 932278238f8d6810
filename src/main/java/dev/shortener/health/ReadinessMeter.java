package dev.shortener.health;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.health.api.HealthType;
import io.smallrye.health.event.SmallRyeHealthStatusChangeEvent;

/**
 * Counts this replica's readiness changes, as the probes see them: {@code shortener.readiness.changes}, tagged with
 * the status it changed to ({@code up}, {@code down}), so that an alert can tell a replica that flaps.
 */
@Startup
@Singleton
public class ReadinessMeter {

    private final Counter up;
    private final Counter down;

    ReadinessMeter(MeterRegistry registry) {
        // Both exist from start-up at 0: a rule over a counter that appears only on its first flap misses that flap.
        this.up = changes(registry, "up");
        this.down = changes(registry, "down");
    }

    private static Counter changes(MeterRegistry registry, String status) {
        return Counter.builder("shortener.readiness.changes")
                .description("Changes of the readiness status computed for /q/health/ready (the probes)")
                .tag("status", status)
                .register(registry);
    }

    void changed(@Observes SmallRyeHealthStatusChangeEvent event) {
        if (event.healthType() == HealthType.READINESS) {
            (event.health().isDown() ? down : up).increment();
        }
    }
}
