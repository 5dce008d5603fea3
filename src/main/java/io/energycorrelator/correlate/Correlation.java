package io.energycorrelator.correlate;

/** A state change and the house power just before and just after it. */
public record Correlation(StateChange change, double powerBeforeW, double powerAfterW) {

    public double powerDeltaW() {
        return powerAfterW - powerBeforeW;
    }

    public double absoluteDeltaW() {
        return Math.abs(powerDeltaW());
    }

    /** delta / before × 100, or 0 when there was no power before. */
    public double powerDeltaPct() {
        return powerBeforeW > 0 ? powerDeltaW() / powerBeforeW * 100.0 : 0.0;
    }
}
