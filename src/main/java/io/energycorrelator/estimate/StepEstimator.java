package io.energycorrelator.estimate;

import io.energycorrelator.correlate.MeterWindow;
import io.energycorrelator.correlate.StateChange;

/** Reads the power step of one state change from the cycle's meter readings. */
public interface StepEstimator {

    /** The power before and after the change, or null when the readings around it cannot tell. */
    PowerStep estimate(MeterWindow window, StateChange change);
}
