package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;

import java.time.Duration;
import java.util.Arrays;

/**
 * The {@code median} rule: power before = the median of the readings from event − settle − window to
 * event − settle; power after = the median of the readings from event + settle to event + settle + window
 * (bounds included). The settle delay is a guard band on both sides: it keeps out the readings taken while
 * the load was switching, and, because the meter's clock need not agree with Home Assistant's, a step that
 * shows up a few seconds early or late. A median ignores a lone spike from another appliance. No step when
 * either window holds no reading.
 */
public final class MedianEstimator implements StepEstimator {

    private final long windowNanos;
    private final long settleNanos;

    public MedianEstimator(Duration window, Duration settle) {
        if (window.isNegative() || window.isZero() || settle.isNegative()) {
            throw new IllegalArgumentException("window must be positive and settle not negative: " + window + ", " + settle);
        }
        this.windowNanos = window.toNanos();
        this.settleNanos = settle.toNanos();
    }

    @Override
    public Duration reach() {
        return Duration.ofNanos(settleNanos + windowNanos);
    }

    @Override
    public PowerStep estimate(MeterWindow window, StateChange change) {
        long event = MeterWindow.toNanos(change.time());
        double before = median(window, event - settleNanos - windowNanos, event - settleNanos);
        double after = median(window, event + settleNanos, event + settleNanos + windowNanos);
        return Double.isNaN(before) || Double.isNaN(after) ? null : new PowerStep(before, after);
    }

    /**
     * The median watts of the readings from {@code fromNanos} to {@code toNanos}, both included (the mean of
     * the middle two for an even count), or NaN when there is none.
     */
    static double median(MeterWindow w, long fromNanos, long toNanos) {
        return median(w, w.firstIndexAtOrAfter(fromNanos), w.lastIndexAtOrBefore(toNanos));
    }

    /** The median watts of readings {@code first} to {@code last}, both included, or NaN when there is none. */
    static double median(MeterWindow w, int first, int last) {
        if (first > last) {
            return Double.NaN;
        }
        int n = last - first + 1;
        double[] watts = scratch(n);
        for (int i = 0; i < n; i++) {
            watts[i] = w.watts(first + i);
        }
        Arrays.sort(watts, 0, n);
        int mid = n / 2;
        return n % 2 == 1 ? watts[mid] : (watts[mid - 1] + watts[mid]) / 2;
    }

    /** A per-thread buffer: aligned takes dozens of medians per state change, and a backfill millions. */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[64]);

    private static double[] scratch(int n) {
        double[] buffer = SCRATCH.get();
        if (buffer.length < n) {
            buffer = new double[Math.max(n, buffer.length * 2)];
            SCRATCH.set(buffer);
        }
        return buffer;
    }
}
