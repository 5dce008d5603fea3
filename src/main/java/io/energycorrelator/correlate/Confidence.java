package io.energycorrelator.correlate;

import io.energycorrelator.model.MeterWindow;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a correlation can be trusted: the probability that its step is right (within 25 % or 10 W of what the
 * appliance drew), as measured on ten real houses (REFIT: every state change read by the default rule against
 * the appliance's own plug), from the evidence around it:
 * <ul>
 *   <li>the noise factor {@code |Δ| / (|Δ| + 2σ)}, σ the standard deviation of the meter readings in the stretch
 *       before the event that the service loads (the estimator's reach + the maximum reading gap); 1 when σ is 0;
 *   <li>the other tracked state changes within the estimator's reach of it, either side (none, one, two or more):
 *       their steps may be mixed into this one's;
 *   <li>whether a side was read from a held reading ({@link io.energycorrelator.model.PowerStep#held()}: the meter
 *       silent there, its last value taken as standing);
 *   <li>the step's size: below 100 W, 100–300 W, 300–1,000 W, or more (a mid-sized step read from the whole
 *       house is most often another appliance's).
 * </ul>
 * combined by a logistic model whose coefficients were fitted on those houses ({@code ConfidenceFit} in the tests
 * fits them again and prints the calibration; docs/accuracy.md has the table). Real houses are hard: no
 * correlation there earns much more than 0.5 (a clean 60 W step on a flat meter with nothing near gets 0.57).
 * <p>
 * Its uncertainty in watts is the half-width around the step within which the true step lay for 80 % of the
 * REFIT correlations of its confidence band: about the step's own size (0.94 to 1.04 of it).
 */
public final class Confidence {

    /** Logistic model: intercept, noise factor, no overlap, one overlap (two or more: none), held, below 100 / 100–300 / 300–1,000 W. */
    static final double[] COEFFICIENTS = {-1.976, 1.134, 1.056, 0.718, -0.835, 0.060, -0.728, -1.581};
    /** 80th percentile of |error| / |Δ| on REFIT, by confidence: below 0.2, 0.2–0.4, 0.4 and above. */
    static final double[] UNCERTAINTY_FACTORS = {1.04, 0.99, 0.94};
    private static final double[] UNCERTAINTY_BANDS = {0.2, 0.4};

    private final Duration noiseWindow;

    public Confidence(Duration noiseWindow) {
        this.noiseWindow = noiseWindow;
    }

    /** @param held whether a side of the step was read from a reading held over it */
    public double of(double deltaW, int overlappingEvents, MeterWindow window, Instant event, boolean held) {
        double sigma = noiseBefore(window, event);
        double noiseFactor = sigma == 0 ? 1.0 : Math.abs(deltaW) / (Math.abs(deltaW) + 2 * sigma);
        return calibrated(noiseFactor, overlappingEvents, held, Math.abs(deltaW));
    }

    /** The model itself: the confidence of a step of this size with this evidence around it. */
    public static double calibrated(double noiseFactor, int overlappingEvents, boolean held, double absoluteDeltaW) {
        double[] b = COEFFICIENTS;
        double z = b[0] + b[1] * noiseFactor
                + (overlappingEvents == 0 ? b[2] : overlappingEvents == 1 ? b[3] : 0)
                + (held ? b[4] : 0)
                + (absoluteDeltaW < 100 ? b[5] : absoluteDeltaW < 300 ? b[6] : absoluteDeltaW < 1000 ? b[7] : 0);
        // Three decimals: what a probability measured on ten houses can say.
        return Math.round(1000 / (1 + Math.exp(-z))) / 1000.0;
    }

    /** The half-width in watts around a step of this confidence within which the true step lies four times in five. */
    public static double uncertaintyW(double confidence, double deltaW) {
        int band = confidence < UNCERTAINTY_BANDS[0] ? 0 : confidence < UNCERTAINTY_BANDS[1] ? 1 : 2;
        return Math.round(UNCERTAINTY_FACTORS[band] * Math.abs(deltaW) * 10) / 10.0;
    }

    /** Standard deviation of the readings in [event − noise window, event). */
    public double noiseBefore(MeterWindow window, Instant event) {
        long end = MeterWindow.toNanos(event);
        int from = window.firstIndexAtOrAfter(end - noiseWindow.toNanos());
        int to = window.firstIndexAtOrAfter(end);
        int n = to - from;
        if (n < 2) {
            return 0;
        }
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += window.watts(i);
        }
        mean /= n;
        double squares = 0;
        for (int i = from; i < to; i++) {
            squares += (window.watts(i) - mean) * (window.watts(i) - mean);
        }
        return Math.sqrt(squares / n);
    }
}
