package io.energycorrelator.config;

import java.time.Duration;

/**
 * GET /health and Camel's readiness check read what a probe of InfluxDB last found: a probe runs once every
 * {@code period} in the background, bounded by {@code probeTimeout}, so that a health check never waits for
 * InfluxDB and many health checks make no more probes.
 */
public record HealthSettings(Duration probeTimeout, Duration period) {

    public static HealthSettings read(Settings r) {
        return new HealthSettings(
                r.get("correlator.health.probe-timeout-seconds").seconds(1, 60),
                r.get("correlator.health.cache-seconds").seconds(1, 300));
    }
}
