package io.energycorrelator.estimate;

import io.energycorrelator.config.EstimatorSettings;
import io.energycorrelator.config.MeterSettings;
import io.energycorrelator.devices.profile.ProfileLookup;

/**
 * The estimator that the settings name ({@code correlator.estimator}), with its parameters and how long a
 * silent meter's reading holds ({@link MeterSettings#maxSilence()}).
 */
public final class StepEstimators {

    private StepEstimators() {
    }

    /** @param profiles what the {@code profile} rule knows of each device (the others ignore it) */
    public static StepEstimator from(EstimatorSettings estimator, MeterSettings meter, ProfileLookup profiles) {
        return switch (estimator.name()) {
            case EstimatorSettings.PROFILE -> new ProfileEstimator(estimator.parameter("tolerance_seconds"),
                    estimator.parameter("window_seconds"), profiles, estimator.profileMinConfidence(), meter.maxSilence());
            case EstimatorSettings.NEAREST -> new NearestReadingEstimator(
                    estimator.parameter("window_seconds").dividedBy(2), meter.maxReadingGap(), meter.maxSilence());
            case EstimatorSettings.MEDIAN -> new MedianEstimator(
                    estimator.parameter("window_seconds"), estimator.parameter("settle_seconds"), meter.maxSilence());
            case EstimatorSettings.ALIGNED -> new AlignedEstimator(
                    estimator.parameter("tolerance_seconds"), estimator.parameter("window_seconds"), meter.maxSilence());
            default -> throw new IllegalArgumentException("unknown estimator " + estimator.name());
        };
    }
}
