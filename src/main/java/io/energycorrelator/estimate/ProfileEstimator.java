package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.profile.DeviceProfile;
import io.energycorrelator.profile.ProfileLookup;
import io.energycorrelator.profile.Transition;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code profile} rule: the {@code aligned} rule guided by what the device is known to do. When the
 * entity has a profile for the transition with at least the minimum confidence, it looks at the same
 * candidate splits as {@link AlignedEstimator} (consecutive readings whose gap overlaps event ± tolerance,
 * each read as the medians of the windows either side) and takes the one most consistent with the profile;
 * the step says {@link PowerStep#PROFILE}. So a 60 W lamp switched while a 2 kW kettle starts a few seconds
 * away is read as the lamp's step, where {@code aligned} takes the largest. Without such a profile it is
 * exactly {@code aligned} ({@link PowerStep#METER}). Either way the step is read from the meter: the profile
 * only chooses where.
 * <p>
 * Most consistent = the smallest distance from the split's change to the profile's typical step plus the
 * mean deviation of each window's readings from its median; the split nearer the event wins a tie. The
 * deviations are there because a split whose windows straddle the step reads a fraction of it, which may by
 * chance lie nearer the typical step than a noisy reading of the whole; a clean split has flat sides.
 */
public final class ProfileEstimator implements StepEstimator {

    /**
     * A profile of at least this confidence guides the reading: 2 equal steps reach it, 10 with a spread of up
     * to half the step. Chosen by measurement on the simulated house (docs/accuracy.md): on each of five
     * seeds 0.3 read more steps right in all than 0.4 or 0.5 (the small ones), and as many of those ≥ 500 W.
     */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.3;

    private final AlignedEstimator aligned;
    private final ProfileLookup profiles;
    private final double minConfidence;
    private final long toleranceNanos;
    private final long windowNanos;

    public ProfileEstimator(Duration tolerance, Duration window, ProfileLookup profiles) {
        this(tolerance, window, profiles, DEFAULT_MIN_CONFIDENCE);
    }

    public ProfileEstimator(Duration tolerance, Duration window, ProfileLookup profiles, double minConfidence) {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minimum confidence must be in 0..1: " + minConfidence);
        }
        this.aligned = new AlignedEstimator(tolerance, window);
        this.profiles = profiles;
        this.minConfidence = minConfidence;
        this.toleranceNanos = tolerance.toNanos();
        this.windowNanos = window.toNanos();
    }

    @Override
    public Duration reach() {
        return aligned.reach();
    }

    @Override
    public PowerStep estimate(MeterWindow w, StateChange change) {
        Optional<DeviceProfile> profile = profiles.find(change.entityId(), Transition.of(change))
                .filter(p -> p.confidence() >= minConfidence);
        return profile.isPresent() ? nearestTo(profile.get().typicalStepW(), w, change) : aligned.estimate(w, change);
    }

    /** Among aligned's candidate splits, the one whose change is nearest the typical step; null as aligned. */
    private PowerStep nearestTo(double typicalStepW, MeterWindow w, StateChange change) {
        long event = MeterWindow.toNanos(change.time());
        int first = w.firstIndexAtOrAfter(event - toleranceNanos - windowNanos);
        int last = w.lastIndexAtOrBefore(event + toleranceNanos + windowNanos);
        if (w.lastIndexAtOrBefore(event) < first || w.firstIndexAtOrAfter(event) > last) {
            return null;
        }
        PowerStep best = null;
        double bestMiss = Double.POSITIVE_INFINITY;
        long bestDistance = Long.MAX_VALUE;
        for (int i = first; i < last; i++) {
            long before = w.nanos(i);
            long after = w.nanos(i + 1);
            if (before == after || after < event - toleranceNanos || before > event + toleranceNanos) {
                continue;
            }
            double beforeW = MedianEstimator.median(w, before - windowNanos, before);
            double afterW = MedianEstimator.median(w, after, after + windowNanos);
            PowerStep step = new PowerStep(beforeW, afterW, PowerStep.PROFILE);
            double miss = Math.abs(step.deltaW() - typicalStepW)
                    + meanDeviation(w, before - windowNanos, before, beforeW)
                    + meanDeviation(w, after, after + windowNanos, afterW);
            long distance = Math.abs((before - event) + (after - event)); // twice the split's distance from the event
            if (miss < bestMiss || miss == bestMiss && distance < bestDistance) {
                best = step;
                bestMiss = miss;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The mean distance of the readings from fromNanos to toNanos (both included) to their median. */
    private static double meanDeviation(MeterWindow w, long fromNanos, long toNanos, double median) {
        int first = w.firstIndexAtOrAfter(fromNanos);
        int last = w.lastIndexAtOrBefore(toNanos);
        double sum = 0;
        for (int i = first; i <= last; i++) {
            sum += Math.abs(w.watts(i) - median);
        }
        return sum / (last - first + 1);
    }
}
