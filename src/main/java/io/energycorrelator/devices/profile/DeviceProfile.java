package io.energycorrelator.devices.profile;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What one entity's transition (say {@code switch.kettle}, {@code off->on}) does to the house power, as
 * learned from its recent steps:
 * <ul>
 * <li>{@code typicalStepW}: their median (signed: an on → off step is negative);</li>
 * <li>{@code spreadW}: their median absolute deviation from it (MAD), which one odd reading cannot move;</li>
 * <li>{@code count}: how many steps it rests on;</li>
 * <li>{@code lastSeen}: the time of the newest;</li>
 * <li>{@code confidence}, 0..1: {@code count / (count + 3) × |typical| / (|typical| + 2σ)} with the robust
 * σ = 1.4826 × MAD. It grows with the count (3 steps give at most one half, 30 give 0.91) and falls with the
 * spread; the second factor has the form of a correlation's own confidence, a step of 2σ scoring 0.5.
 * A typical step of 0 has confidence 0: it says nothing about where a step lies.</li>
 * </ul>
 */
public record DeviceProfile(String entityId, String transition, double typicalStepW, double spreadW, int count,
        Instant lastSeen, double confidence) {

    /** Steps that make the count factor one half. */
    static final int HALF_CONFIDENCE_COUNT = 3;
    /** MAD × this estimates the standard deviation of normally distributed steps. */
    static final double SIGMA_PER_MAD = 1.4826;

    /** The profile of the given steps (at least one), in any order. */
    public static DeviceProfile of(String entityId, String transition, List<ObservedStep> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one step: " + entityId + " " + transition);
        }
        double[] watts = steps.stream().mapToDouble(ObservedStep::stepW).toArray();
        double typical = median(watts);
        double[] deviations = Arrays.stream(watts).map(w -> Math.abs(w - typical)).toArray();
        double spread = median(deviations);
        Instant lastSeen = steps.stream().map(ObservedStep::time).max(Instant::compareTo).orElseThrow();
        return new DeviceProfile(entityId, transition, typical, spread, steps.size(), lastSeen,
                confidence(typical, spread, steps.size()));
    }

    static double confidence(double typicalW, double spreadW, int count) {
        if (typicalW == 0) {
            return 0;
        }
        double countFactor = (double) count / (count + HALF_CONFIDENCE_COUNT);
        double size = Math.abs(typicalW);
        return countFactor * size / (size + 2 * SIGMA_PER_MAD * spreadW);
    }

    /** The median (the mean of the middle two for an even count); sorts its argument. */
    static double median(double[] values) {
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
