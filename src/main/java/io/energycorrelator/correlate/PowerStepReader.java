package io.energycorrelator.correlate;

import io.energycorrelator.estimate.StepEstimator;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The resource behind the content enricher: the power step of one state change, read by the configured
 * estimator from the cycle's meter readings in memory (no query per event). Null when the readings around it
 * cannot tell.
 */
public class PowerStepReader {

    private final StepEstimator estimator;

    public PowerStepReader(StepEstimator estimator) {
        this.estimator = estimator;
    }

    public PowerStep read(@Body StateChange change, @ExchangeProperty(RouteNames.METER_WINDOW) MeterWindow window) {
        return estimator.estimate(window, change);
    }
}
