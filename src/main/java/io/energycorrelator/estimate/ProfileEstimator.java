package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.DeviceProfile;
import io.energycorrelator.devices.profile.ProfileLookup;
import io.energycorrelator.devices.profile.Transition;

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

    public ProfileEstimator(Duration tolerance, Duration window, ProfileLookup profiles) {
        this(tolerance, window, profiles, DEFAULT_MIN_CONFIDENCE);
    }

    public ProfileEstimator(Duration tolerance, Duration window, ProfileLookup profiles, double minConfidence) {
        this(tolerance, window, profiles, minConfidence, Duration.ZERO);
    }

    /** @param maxSilence how long a reading holds when the meter is silent (zero: never; see {@link AlignedEstimator}) */
    public ProfileEstimator(Duration tolerance, Duration window, ProfileLookup profiles, double minConfidence, Duration maxSilence) {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("minimum confidence must be in 0..1: " + minConfidence);
        }
        this.aligned = new AlignedEstimator(tolerance, window, maxSilence);
        this.profiles = profiles;
        this.minConfidence = minConfidence;
    }

    @Override
    public Duration reach() {
        return aligned.reach();
    }

    /** Without profiles it is exactly {@code aligned}. */
    @Override
    public StepEstimator meterOnly() {
        return aligned;
    }

    @Override
    public PowerStep estimate(MeterWindow w, StateChange change) {
        Optional<DeviceProfile> profile = profiles.find(change.entityId(), Transition.of(change))
                .filter(p -> p.confidence() >= minConfidence);
        return profile.isPresent() ? nearestTo(profile.get().typicalStepW(), w, change) : aligned.estimate(w, change);
    }

    /**
     * Among aligned's candidate splits, the one most consistent with the typical step (the smallest miss:
     * distance from it plus each window's mean deviation from its median; a held side, one value, deviates by
     * nothing); null as aligned.
     */
    private PowerStep nearestTo(double typicalStepW, MeterWindow w, StateChange change) {
        return aligned.bestSplit(w, change, (m, i, beforeW, afterW, beforeHeld, afterHeld) -> -(Math.abs(afterW - beforeW - typicalStepW)
                + (beforeHeld ? 0 : m.deviationEndingAt(w, i)) + (afterHeld ? 0 : m.deviationStartingAt(w, i + 1))), PowerStep.PROFILE);
    }
}
