package io.energycorrelator.accuracy;

/**
 * An appliance's energy by its own channel: each sample held until the next one, a gap longer than
 * {@value #MAX_HOLD_SECONDS} s counted as {@value #MAX_HOLD_SECONDS} s (a monitor that went quiet is not
 * assumed to have kept drawing), the last sample held for nothing.
 */
public final class TrueEnergy {

    static final long MAX_HOLD_SECONDS = 60;

    private TrueEnergy() {
    }

    public static double wattHours(long[] unix, double[] watts) {
        double joules = 0;
        for (int i = 0; i + 1 < unix.length; i++) {
            joules += watts[i] * Math.min(unix[i + 1] - unix[i], MAX_HOLD_SECONDS);
        }
        return joules / 3600;
    }
}
