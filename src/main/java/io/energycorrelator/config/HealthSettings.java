package io.energycorrelator.config;

import java.time.Duration;

/**
 * GET /health and Camel's readiness check read what a probe of InfluxDB last found: a probe runs once every
 * {@code period} in the background, bounded by {@code probeTimeout}, so that a health check never waits for
 * InfluxDB and many health checks make no more probes.
 */
public record HealthSettings(Duration probeTimeout, Duration period) {

    public static HealthSettings read(SettingsReader r) {
        return new HealthSettings(
                r.seconds("correlator.health.probe-timeout-seconds", 1, 60),
                r.seconds("correlator.health.cache-seconds", 1, 300));
    }
}
