package io.energycorrelator.operations;

/** What GET /health answers: one home's {@link HealthReport}, or with a homes file all homes' together. */
public interface ServiceHealth {

    HealthReport.Health current();

    /** While the service starts or stops. */
    HealthReport.Health notRunning(String status);
}
