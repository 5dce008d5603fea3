package io.energycorrelator.operations;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Camel health check "influxdb" (readiness only: an InfluxDB outage makes the service not ready, but
 * restarting it would not help, so liveness stays with Camel's own checks).
 */
public class InfluxDbHealthCheck extends AbstractHealthCheck {

    private final InfluxDbProbe probe;

    public InfluxDbHealthCheck(InfluxDbProbe probe) {
        super("energy-correlator", "influxdb");
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        probe.problem().ifPresentOrElse(problem -> builder.message(problem).down(), builder::up);
    }
}
