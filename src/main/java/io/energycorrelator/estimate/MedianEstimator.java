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
 * shows up a few seconds early or late. A median ignores a lone spike from another appliance.
 * <p>
 * A window that holds no reading (a meter that writes only on change was silent in it) is read as the
 * reading that holds over it ({@link MeterWindow#heldOver}: the last one before it, with the next one after
 * it, both within the max silence of the event): Home Assistant writes a sensor's row only when its value
 * changes, so that value is what the meter showed over the whole window. No step when neither is there.
 */
public final class MedianEstimator implements StepEstimator {

    private final long windowNanos;
    private final long settleNanos;
    private final long maxSilenceNanos;

    /** A rule that reads no held values. */
    public MedianEstimator(Duration window, Duration settle) {
        this(window, settle, Duration.ZERO);
    }

    /** @param maxSilence how long a reading holds when the meter is silent (zero: never) */
    public MedianEstimator(Duration window, Duration settle, Duration maxSilence) {
        if (window.isNegative() || window.isZero() || settle.isNegative()) {
            throw new IllegalArgumentException("window must be positive and settle not negative: " + window + ", " + settle);
        }
        this.windowNanos = window.toNanos();
        this.settleNanos = settle.toNanos();
        this.maxSilenceNanos = maxSilence.toNanos();
    }

    @Override
    public Duration reach() {
        return Duration.ofNanos(settleNanos + windowNanos);
    }

    @Override
    public Duration settle() {
        return Duration.ofNanos(settleNanos);
    }

    @Override
    public PowerStep estimate(MeterWindow window, StateChange change) {
        long event = MeterWindow.toNanos(change.time());
        long beforeFrom = event - settleNanos - windowNanos;
        long afterFrom = event + settleNanos;
        double before = median(window, beforeFrom, beforeFrom + windowNanos);
        double after = median(window, afterFrom, afterFrom + windowNanos);
        boolean held = Double.isNaN(before) || Double.isNaN(after);
        if (Double.isNaN(before)) {
            before = heldOver(window, beforeFrom, beforeFrom + windowNanos, event);
        }
        if (Double.isNaN(after)) {
            after = heldOver(window, afterFrom, afterFrom + windowNanos, event);
        }
        return Double.isNaN(before) || Double.isNaN(after) ? null : new PowerStep(before, after, PowerStep.METER, held);
    }

    /** The watts held over [from, to], which holds no reading, or NaN when none holds. */
    private double heldOver(MeterWindow w, long from, long to, long event) {
        int held = w.heldOver(from, to, event, maxSilenceNanos);
        return held < 0 ? Double.NaN : w.watts(held);
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
