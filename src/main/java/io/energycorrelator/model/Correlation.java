package io.energycorrelator.model;

/**
 * A state change and the house power just before and just after it, with how many other state changes
 * overlap its window, how far it can be trusted, and what chose the step ({@link PowerStep#source()}: the
 * meter alone, or the device's profile among the meter's candidate steps).
 */
public record Correlation(StateChange change, double powerBeforeW, double powerAfterW, int overlappingEvents,
        double confidence, String estimateSource) {

    /** A correlation whose step the meter alone chose. */
    public Correlation(StateChange change, double powerBeforeW, double powerAfterW, int overlappingEvents, double confidence) {
        this(change, powerBeforeW, powerAfterW, overlappingEvents, confidence, PowerStep.METER);
    }

    public double powerDeltaW() {
        return powerAfterW - powerBeforeW;
    }

    /** |power after − power before|: what the threshold compares. */
    public double absoluteDeltaW() {
        return Math.abs(powerDeltaW());
    }

    /** delta / before × 100, or 0 when there was no power before. */
    public double powerDeltaPct() {
        return powerBeforeW > 0 ? powerDeltaW() / powerBeforeW * 100.0 : 0.0;
    }
}
