package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;

import java.time.Duration;

/**
 * The simplest rule ({@code nearest}, the first release's): power before = the reading nearest to event − window/2
 * that is not after the event; power after = the reading nearest to event + window/2 that is not before
 * it. A reading farther than the maximum gap from that instant does not count. On a tie the reading
 * farther from the event wins.
 * <p>
 * A side with no reading within the gap (a meter that writes only on change was silent there) is read from
 * the reading that holds over it ({@link MeterWindow#heldOver}: the last one before, with the next one after,
 * both within the max silence of the event). Home Assistant writes a sensor's row only when its value
 * changes, so that last value is what the meter showed all along.
 */
public final class NearestReadingEstimator implements StepEstimator {

    private final long halfWindowNanos;
    private final long maxGapNanos;
    private final long maxSilenceNanos;

    /** A rule that reads no held values. */
    public NearestReadingEstimator(Duration halfWindow, Duration maxGap) {
        this(halfWindow, maxGap, Duration.ZERO);
    }

    /** @param maxSilence how long a reading holds when the meter is silent (zero: never) */
    public NearestReadingEstimator(Duration halfWindow, Duration maxGap, Duration maxSilence) {
        this.halfWindowNanos = halfWindow.toNanos();
        this.maxGapNanos = maxGap.toNanos();
        this.maxSilenceNanos = maxSilence.toNanos();
    }

    /** Half the correlation window: the instants it reads at (a reading may lie up to the maximum gap beyond). */
    @Override
    public Duration reach() {
        return Duration.ofNanos(halfWindowNanos);
    }

    /** Zero, unless the window's half is wider than the gap: then the readings nearest the event do not count. */
    @Override
    public Duration settle() {
        return Duration.ofNanos(Math.max(0, halfWindowNanos - maxGapNanos));
    }

    @Override
    public PowerStep estimate(MeterWindow window, StateChange change) {
        long event = MeterWindow.toNanos(change.time());
        int before = before(window, event);
        int after = after(window, event);
        boolean held = before < 0 || after < 0;
        if (before < 0) {
            long target = event - halfWindowNanos;
            before = window.heldOver(target - maxGapNanos, Math.min(target + maxGapNanos, event), event, maxSilenceNanos);
        }
        if (after < 0) {
            long target = event + halfWindowNanos;
            after = window.heldOver(Math.max(target - maxGapNanos, event), target + maxGapNanos, event, maxSilenceNanos);
        }
        return before < 0 || after < 0 ? null : new PowerStep(window.watts(before), window.watts(after), PowerStep.METER, held);
    }

    /** Index of the reading for the power before, or -1. */
    int before(MeterWindow w, long event) {
        long target = event - halfWindowNanos;
        int atOrBefore = w.lastIndexAtOrBefore(target);
        int next = atOrBefore + 1;
        return nearer(w, target, atOrBefore, next < w.size() && w.nanos(next) <= event ? next : -1);
    }

    /** Index of the reading for the power after, or -1. */
    int after(MeterWindow w, long event) {
        long target = event + halfWindowNanos;
        int atOrAfter = w.firstIndexAtOrAfter(target);
        int earlier = atOrAfter - 1;
        return nearer(w, target, atOrAfter < w.size() ? atOrAfter : -1, earlier >= 0 && w.nanos(earlier) >= event ? earlier : -1);
    }

    /** The nearer of two candidate indexes (-1 = none) to the target, within the maximum gap; the first wins a tie. */
    private int nearer(MeterWindow w, long target, int first, int second) {
        long firstGap = first < 0 ? Long.MAX_VALUE : Math.abs(w.nanos(first) - target);
        long secondGap = second < 0 ? Long.MAX_VALUE : Math.abs(w.nanos(second) - target);
        int best = secondGap < firstGap ? second : first;
        return best < 0 || Math.min(firstGap, secondGap) > maxGapNanos ? -1 : best;
    }
}
