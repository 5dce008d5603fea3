package io.energycorrelator.config;

import java.time.Duration;

/**
 * GET /health and Camel's readiness check ask InfluxDB whether it can serve the service: each probe is
 * bounded by {@code probeTimeout}, and its answer is reused for {@code cacheFor}, so that a health check
 * answers quickly whatever InfluxDB does and many health checks make one probe.
 */
public record HealthSettings(Duration probeTimeout, Duration cacheFor) {

    public static HealthSettings read(SettingsReader r) {
        return new HealthSettings(
                r.seconds("correlator.health.probe-timeout-seconds", 1, 60),
                r.seconds("correlator.health.cache-seconds", 0, 300));
    }
}
