package io.energycorrelator.accuracy;

/**
 * The best any reader of the meter alone could do: of the splits of the aggregate within
 * {@value #REACH} samples either side of a state change's crossing (each read as the channel's true step is,
 * medians of {@value Crossings#SIDE} samples a side), the one closest to the true step, picked knowing it.
 * Whatever else switched in reach stays in the aggregate: that, and a meter that sees a step differently from
 * the plug, is what keeps this ceiling under 100 %.
 */
public final class MeterCeiling {

    static final int REACH = 3;

    private MeterCeiling() {
    }

    /** The best split's step in watts; NaN when no split in reach has {@value Crossings#SIDE} samples a side. */
    public static double bestStepW(double[] aggregate, int index, double trueStepW) {
        double best = Double.NaN;
        for (int j = index - REACH; j <= index + REACH; j++) {
            double step = Crossings.stepAt(aggregate, j);
            if (Double.isFinite(step) && (Double.isNaN(best) || Math.abs(step - trueStepW) < Math.abs(best - trueStepW))) {
                best = step;
            }
        }
        return best;
    }
}
