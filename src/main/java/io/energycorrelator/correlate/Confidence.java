package io.energycorrelator.correlate;

import io.energycorrelator.model.MeterWindow;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a correlation can be trusted, in 0..1:
 * <pre>
 *   confidence = 1 / (1 + overlapping_events)  ×  |Δ| / (|Δ| + 2σ)
 * </pre>
 * where {@code overlapping_events} counts the other tracked state changes within the estimator's reach of
 * this one, either side (their steps may be mixed into this one's; ± window/2 for the original rule), Δ is
 * the power step, and σ is the standard deviation of the meter readings in the stretch before the event
 * that the service loads (the estimator's reach + the maximum reading gap). The second
 * factor is 1 when σ is 0 (fewer than two readings, or a flat meter); a step of twice the noise gives 0.5.
 * <p>
 * A step read from a held reading (the meter silent on a side, {@link io.energycorrelator.model.PowerStep#held()})
 * gets half that, as if one other state change overlapped it. The held value is what Home Assistant last
 * wrote, and it writes only on change, so it is usually right; but the meter was not seen in that window:
 * a change smaller than the sensor's reporting threshold, or a link that dropped for less than the max
 * silence, looks the same as a steady load, and the silence leaves no readings to measure σ by (so the
 * second factor would say 1 for want of evidence, not because of it).
 */
public final class Confidence {

    /** What a step read from a held reading is trusted at, relative to one read from readings in its windows. */
    static final double HELD_FACTOR = 0.5;

    private final Duration noiseWindow;

    public Confidence(Duration noiseWindow) {
        this.noiseWindow = noiseWindow;
    }

    /** @param held whether a side of the step was read from a reading held over it */
    public double of(double deltaW, int overlappingEvents, MeterWindow window, Instant event, boolean held) {
        double sigma = noiseBefore(window, event);
        double noiseFactor = sigma == 0 ? 1.0 : Math.abs(deltaW) / (Math.abs(deltaW) + 2 * sigma);
        return (held ? HELD_FACTOR : 1.0) * noiseFactor / (1 + overlappingEvents);
    }

    /** Standard deviation of the readings in [event − noise window, event). */
    double noiseBefore(MeterWindow window, Instant event) {
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
