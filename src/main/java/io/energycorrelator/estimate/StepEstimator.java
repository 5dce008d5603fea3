package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;

import java.time.Duration;

/** Reads the power step of one state change from the cycle's meter readings. */
public interface StepEstimator {

    /** The power before and after the change, or null when the readings around it cannot tell. */
    PowerStep estimate(MeterWindow window, StateChange change);

    /**
     * How far from the event, either side, the readings that make its step may lie: the extent of its
     * before and after windows. A state change is settled once this much time (plus the grace for late
     * meter data) has passed after it, and other state changes this close overlap it.
     */
    Duration reach();

    /**
     * The rule that reads the meter alone, as this one does without anything learned (itself, but for rules
     * guided by device profiles): what a backfill reads with, so that its output depends neither on the order
     * its chunks run in nor on what an earlier run learned.
     */
    default StepEstimator meterOnly() {
        return this;
    }

    /**
     * How far from the event its windows stop short of it: its before windows end at event − settle and its
     * after windows start at event + settle. A side with no reading there is silent, and is read from a held
     * reading when there is one; the meter window's loader fetches one only when the first state change has
     * no reading at or before event − settle (the last none at or after event + settle).
     */
    default Duration settle() {
        return Duration.ZERO;
    }
}
