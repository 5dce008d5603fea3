package io.energycorrelator.estimate;

import io.energycorrelator.config.Settings;

/** The estimator that the settings name ({@code correlator.estimator}), with its parameters. */
public final class StepEstimators {

    public static final String NEAREST = "nearest";
    public static final String MEDIAN = "median";
    public static final String ALIGNED = "aligned";

    private StepEstimators() {
    }

    public static StepEstimator from(Settings settings) {
        return switch (settings.estimator()) {
            case NEAREST -> new NearestReadingEstimator(settings.halfWindow(), settings.maxReadingGap());
            case MEDIAN -> new MedianEstimator(settings.estimatorWindow(), settings.estimatorSettle());
            case ALIGNED -> new AlignedEstimator(settings.estimatorTolerance(), settings.estimatorWindow());
            default -> throw new IllegalArgumentException("unknown estimator " + settings.estimator());
        };
    }
}
