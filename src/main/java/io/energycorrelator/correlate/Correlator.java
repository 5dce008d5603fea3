package io.energycorrelator.correlate;

import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;

import java.time.Duration;

/** A state change and its power step become a {@link Correlation}: with its overlaps and its confidence. */
public class Correlator {

    private final Duration overlapReach;
    private final Confidence confidence;

    /** @param overlapReach how close another state change must be to overlap one (the estimator's reach) */
    public Correlator(Duration overlapReach, Confidence confidence) {
        this.overlapReach = overlapReach;
        this.confidence = confidence;
    }

    public Correlation correlate(StateChange change, PowerStep step, StateChangesRead read, MeterWindow window) {
        int overlapping = read.overlapping(change.time(), overlapReach);
        double trust = confidence.of(step.afterW() - step.beforeW(), overlapping, window, change.time(), step.held());
        return new Correlation(change, step.beforeW(), step.afterW(), overlapping, trust, step.source());
    }
}
