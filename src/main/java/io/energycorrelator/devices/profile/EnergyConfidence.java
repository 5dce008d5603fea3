package io.energycorrelator.devices.profile;

/**
 * How far a device's daily energy can be trusted, as measured on ten real houses (REFIT: each appliance's day as a
 * whole-day backfill values it, against the appliance's own plug): the probability that {@code energy_wh} is within
 * 25 % of what the device drew, and the range within which what it drew lay for four device-days in five of that
 * confidence.
 * <p>
 * The evidence is what the device's profiles say about each other: the {@linkplain #agreement agreement} between its
 * typical switch-on step and its typical switch-off step (a device that draws what it drew at switch-on until it is
 * switched off steps down by as much as it stepped up; a washing machine whose heater stops inside the program, or
 * a step misread, does not), and whether each side rests on at least {@value #MIN_STEPS_A_SIDE} steps. A logistic
 * model of the two, fitted on those houses ({@code EnergyConfidenceFit} in the tests fits it again and prints the
 * calibration; docs/accuracy.md has the table). What else the profiles say (their count and spread as one
 * confidence, the power's size) added nothing there that held from house to house.
 * <p>
 * A configured power ({@code estimate_source=configured}) is not learned, so it has a rule of its own, measured on the
 * same houses with each appliance configured at the median power its plug showed while on (and off, for standby):
 * the best a user can set.
 */
public final class EnergyConfidence {

    /** Steps each side needs for the second piece of evidence. */
    public static final int MIN_STEPS_A_SIDE = 3;
    /** Logistic model: intercept, agreement, both sides on at least {@link #MIN_STEPS_A_SIDE} steps. */
    static final double[] COEFFICIENTS = {-1.243, 1.039, 1.183};
    /** Below this confidence the range is {@link #LOW_FACTORS}[0]..{@link #HIGH_FACTORS}[0], from it [1]. */
    static final double RANGE_BAND = 0.4;
    /** 10th percentile of true ÷ estimated energy on REFIT, by band (below {@link #RANGE_BAND}, from it). */
    static final double[] LOW_FACTORS = {0.56, 0.75};
    /** 90th percentile of true ÷ estimated energy on REFIT, by band. */
    static final double[] HIGH_FACTORS = {10.56, 1.59};
    /** A configured power's confidence: its share within 25 % on REFIT. */
    static final double CONFIGURED_CONFIDENCE = 0.677;
    /** 10th and 90th percentiles of true ÷ estimated energy on REFIT with a configured power. */
    static final double CONFIGURED_LOW_FACTOR = 0.86;
    static final double CONFIGURED_HIGH_FACTOR = 6.86;

    private EnergyConfidence() {
    }

    /**
     * The confidence of energy valued at a learned power.
     *
     * @param agreement  {@link #agreement} of the typical switch-on and switch-off steps (0 when one is missing)
     * @param bothSides  whether both the switch-on and the switch-off profile rest on at least
     *                   {@value #MIN_STEPS_A_SIDE} steps
     */
    public static double of(double agreement, boolean bothSides) {
        double[] b = COEFFICIENTS;
        double z = b[0] + b[1] * agreement + (bothSides ? b[2] : 0);
        // Three decimals: what a probability measured on 53 device-days can say (less, in truth).
        return Math.round(1000 / (1 + Math.exp(-z))) / 1000.0;
    }

    /** The confidence of energy valued at a configured power. */
    public static double configured() {
        return CONFIGURED_CONFIDENCE;
    }

    /**
     * How well a device's typical switch-on step (into an on-state) and switch-off step (out of it, negative) agree:
     * the smaller of their sizes over the larger, 1 when equal; 0 when either is missing (NaN) or 0 W.
     */
    public static double agreement(double onStepW, double offStepW) {
        double up = Double.isFinite(onStepW) ? Math.max(0, onStepW) : 0;
        double down = Double.isFinite(offStepW) ? Math.max(0, -offStepW) : 0;
        double larger = Math.max(up, down);
        return larger == 0 ? 0 : Math.min(up, down) / larger;
    }

    /** The low end of the range of energy valued at a learned power, with this confidence. */
    public static double lowWh(double energyWh, double confidence) {
        return energyWh * LOW_FACTORS[band(confidence)];
    }

    /** The high end of that range. */
    public static double highWh(double energyWh, double confidence) {
        return energyWh * HIGH_FACTORS[band(confidence)];
    }

    /** The low end of the range of energy valued at a configured power. */
    public static double configuredLowWh(double energyWh) {
        return energyWh * CONFIGURED_LOW_FACTOR;
    }

    /** The high end of that range. */
    public static double configuredHighWh(double energyWh) {
        return energyWh * CONFIGURED_HIGH_FACTOR;
    }

    private static int band(double confidence) {
        return confidence < RANGE_BAND ? 0 : 1;
    }
}
