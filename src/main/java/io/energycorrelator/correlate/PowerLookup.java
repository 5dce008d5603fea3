package io.energycorrelator.correlate;

import io.energycorrelator.estimate.PowerStep;
import io.energycorrelator.estimate.StepEstimator;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/** The resource behind the two content enrichers: the power before or after one state change. */
public class PowerLookup {

    private final StepEstimator estimator;

    public PowerLookup(StepEstimator estimator) {
        this.estimator = estimator;
    }

    public Double before(@Body StateChange change, @ExchangeProperty("meterWindow") MeterWindow window) {
        PowerStep step = estimator.estimate(window, change);
        return step == null ? null : step.beforeW();
    }

    public Double after(@Body StateChange change, @ExchangeProperty("meterWindow") MeterWindow window) {
        PowerStep step = estimator.estimate(window, change);
        return step == null ? null : step.afterW();
    }
}
