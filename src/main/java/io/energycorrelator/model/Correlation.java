package io.energycorrelator.model;

/**
 * A state change and the house power just before and just after it, with how many other state changes
 * overlap its window and how far it can be trusted ({@link Confidence}).
 */
public record Correlation(StateChange change, double powerBeforeW, double powerAfterW, int overlappingEvents,
        double confidence) {

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
