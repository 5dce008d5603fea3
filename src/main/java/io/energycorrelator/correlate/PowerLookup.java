package io.energycorrelator.correlate;

import io.energycorrelator.estimate.PowerStep;
import io.energycorrelator.estimate.StepEstimator;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * The resource behind the two content enrichers: the power before or after one state change. The
 * estimator reads both from the same readings at once; the step it found for the "before" enricher is
 * kept (per thread, for the same state change) so that the "after" enricher does not estimate it again.
 */
public class PowerLookup {

    private record Estimate(StateChange change, MeterWindow window, PowerStep step) {
    }

    private final StepEstimator estimator;
    private final ThreadLocal<Estimate> lastBefore = new ThreadLocal<>();

    public PowerLookup(StepEstimator estimator) {
        this.estimator = estimator;
    }

    public Double before(@Body StateChange change, @ExchangeProperty("meterWindow") MeterWindow window) {
        PowerStep step = estimator.estimate(window, change);
        lastBefore.set(new Estimate(change, window, step));
        return step == null ? null : step.beforeW();
    }

    public Double after(@Body StateChange change, @ExchangeProperty("meterWindow") MeterWindow window) {
        Estimate last = lastBefore.get();
        lastBefore.remove();
        PowerStep step = last != null && last.change() == change && last.window() == window
                ? last.step() : estimator.estimate(window, change);
        return step == null ? null : step.afterW();
    }
}
