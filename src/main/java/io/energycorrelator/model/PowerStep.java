package io.energycorrelator.model;

/**
 * The house power just before and just after a state change, in watts, and what chose the split it was
 * read at: {@value #METER} (the meter alone) or {@value #PROFILE} (the device's learned profile picked among
 * the candidate splits). Either way both values are meter readings, never the profile's own figure.
 * {@code held}: a side was read from a reading held over its whole window, the meter having been silent in it
 * ({@link MeterWindow#heldOver}).
 */
public record PowerStep(double beforeW, double afterW, String source, boolean held) {

    public static final String METER = "meter";
    public static final String PROFILE = "profile";

    public PowerStep {
        if (!METER.equals(source) && !PROFILE.equals(source)) {
            throw new IllegalArgumentException("source must be " + METER + " or " + PROFILE + ": " + source);
        }
    }

    /** A step read from readings inside its windows. */
    public PowerStep(double beforeW, double afterW, String source) {
        this(beforeW, afterW, source, false);
    }

    /** A step read from the meter alone, from readings inside its windows. */
    public PowerStep(double beforeW, double afterW) {
        this(beforeW, afterW, METER);
    }

    public double deltaW() {
        return afterW - beforeW;
    }
}
