package io.energycorrelator.correlate;

/**
 * What the split kept of a range's state changes ({@link KeptCorrelations}, its aggregation, alone writes it): the
 * correlations found, the steps below the threshold, the state changes without a step ({@code no_meter_data}), and
 * the state changes judged again after a start that made a correlation (processed only then).
 */
public final class CorrelationsKept {

    private int found;
    private int foundAfterStart;
    private int belowThreshold;
    private final Skips skips = new Skips();

    void addFound() {
        found++;
    }

    /** A state change judged again after a start made a correlation: it counts as found and as processed. */
    void addFoundAfterStart() {
        found++;
        foundAfterStart++;
    }

    void addBelowThreshold() {
        belowThreshold++;
    }

    void skip(String reason, Object record) {
        skips.skip(reason, record);
    }

    public int correlationsFound() {
        return found;
    }

    /** State changes judged again after a start that made a correlation: processed in this cycle. */
    public int foundAfterStart() {
        return foundAfterStart;
    }

    public int belowThreshold() {
        return belowThreshold;
    }

    public Skips skips() {
        return skips;
    }
}
