package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code aligned} rule, for a meter whose clock (or reporting delay) puts the step a few seconds away
 * from the event's timestamp. Every split between two consecutive readings whose gap overlaps
 * event ± tolerance is a candidate; its change is the median of the readings in the window ending at the
 * reading before the split against the median of those in the window starting at the reading after it
 * (bounds included). The split with the largest change in the direction the transition implies wins
 * (off → on up, on → off down, see {@link Direction}); when the transition implies none, the largest change
 * either way. A tie goes to the split nearer the event. The step reported is that split's two medians, so
 * when no split moves the implied way the smallest move against it is reported, as the meter saw it.
 * <p>
 * A split's two readings must lie within tolerance + window of the event (so its windows reach at most
 * tolerance + 2 × window from it). No step without such a reading at or before the event and one at or
 * after it, or without a candidate split.
 * <p>
 * A side with no such reading (a meter that writes only on change was silent there) is read from the
 * reading that holds over it ({@link MeterWindow#heldOver}: the last one before, with the next one after,
 * both within the max silence of the event). Home Assistant writes a sensor's row only when its value
 * changes, so that value is what the meter showed over the whole side: the held reading and the next one
 * make one more candidate split, that side read as the held value itself (not a median of the older
 * readings before it, which it replaced).
 */
public final class AlignedEstimator implements StepEstimator {

    private final long toleranceNanos;
    private final long windowNanos;
    private final long maxSilenceNanos;
    /**
     * The medians of the window a thread works on (a cycle's, a backfill chunk's): one ring (224 KB) per thread and
     * window length, shared by every estimator of that length. Not one per estimator: with a homes file each home has
     * its own, and rings per home and thread grew a replica's heap by ~0.45 MB a home at 2 threads. Sharing is safe:
     * a thread works on one window at a time, and the ring starts afresh whenever the window changes.
     */
    private static final ThreadLocal<Map<Long, ReadingMedians>> MEDIANS = ThreadLocal.withInitial(HashMap::new);

    /** A rule that reads no held values. */
    public AlignedEstimator(Duration tolerance, Duration window) {
        this(tolerance, window, Duration.ZERO);
    }

    /** @param maxSilence how long a reading holds when the meter is silent (zero: never) */
    public AlignedEstimator(Duration tolerance, Duration window, Duration maxSilence) {
        if (tolerance.isNegative() || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("tolerance must not be negative and window must be positive: " + tolerance + ", " + window);
        }
        this.toleranceNanos = tolerance.toNanos();
        this.windowNanos = window.toNanos();
        this.maxSilenceNanos = maxSilence.toNanos();
    }

    @Override
    public Duration reach() {
        return Duration.ofNanos(toleranceNanos + 2 * windowNanos);
    }

    @Override
    public PowerStep estimate(MeterWindow w, StateChange change) {
        Direction direction = Direction.of(change);
        return bestSplit(w, change, (m, i, beforeW, afterW, beforeHeld, afterHeld) -> direction.score(afterW - beforeW), PowerStep.METER);
    }

    /**
     * How well the split between readings i and i + 1 (read as its two medians, or a held value where that
     * side is held) fits: larger is better.
     */
    interface SplitScore {
        double of(ReadingMedians medians, int i, double beforeW, double afterW, boolean beforeHeld, boolean afterHeld);
    }

    /**
     * The candidate split that scores best (a tie to the one nearer the event) as its two medians (a held side as
     * its held value), or null when there is none. The candidates and their medians are the rule's, whatever chooses among them.
     */
    PowerStep bestSplit(MeterWindow w, StateChange change, SplitScore score, String source) {
        long event = MeterWindow.toNanos(change.time());
        long from = event - toleranceNanos - windowNanos;
        long to = event + toleranceNanos + windowNanos;
        int first = w.firstIndexAtOrAfter(from);
        int last = w.lastIndexAtOrBefore(to);
        // A silent side: its held reading (before) or the one proving the hold (after) joins the candidates.
        boolean heldBefore = w.lastIndexAtOrBefore(event) < first;
        boolean heldAfter = w.firstIndexAtOrAfter(event) > last;
        if (heldBefore) {
            first = w.heldOver(from, event, event, maxSilenceNanos);
        }
        if (heldAfter) {
            int held = w.heldOver(event, to, event, maxSilenceNanos);
            last = held < 0 ? -1 : held + 1;
        }
        if (first < 0 || last < 0) {
            return null;
        }
        ReadingMedians m = MEDIANS.get().computeIfAbsent(windowNanos, ReadingMedians::new).of(w);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        long bestDistance = Long.MAX_VALUE;
        for (int i = first; i < last; i++) {
            long before = w.nanos(i);
            long after = w.nanos(i + 1);
            if (before == after || after < event - toleranceNanos || before > event + toleranceNanos) {
                continue;
            }
            boolean beforeHeld = heldBefore && i == first;
            boolean afterHeld = heldAfter && i + 1 == last;
            double fit = score.of(m, i, beforeW(m, w, i, beforeHeld), afterW(m, w, i, afterHeld), beforeHeld, afterHeld);
            long distance = Math.abs((before - event) + (after - event)); // twice the split's distance from the event
            if (fit > bestScore || fit == bestScore && distance < bestDistance) {
                best = i;
                bestScore = fit;
                bestDistance = distance;
            }
        }
        if (best < 0) {
            return null;
        }
        boolean beforeHeld = heldBefore && best == first;
        boolean afterHeld = heldAfter && best + 1 == last;
        return new PowerStep(beforeW(m, w, best, beforeHeld), afterW(m, w, best, afterHeld), source, beforeHeld || afterHeld);
    }

    /** The power before the split after reading i: the median of the window ending at it, or its held value. */
    private static double beforeW(ReadingMedians m, MeterWindow w, int i, boolean held) {
        return held ? w.watts(i) : m.endingAt(w, i);
    }

    /** The power after the split after reading i: the median of the window starting at i + 1, or i's held value. */
    private static double afterW(ReadingMedians m, MeterWindow w, int i, boolean held) {
        return held ? w.watts(i) : m.startingAt(w, i + 1);
    }

    /** Which way a transition should move the power: up when it leaves an off-like state, down when it enters one. */
    enum Direction {
        UP, DOWN, EITHER;

        private static final Set<String> OFF_LIKE = Set.of("off", "closed", "idle", "standby");
        private static final Set<String> NOT_KNOWN = Set.of("", "unknown", "unavailable");

        static Direction of(StateChange change) {
            String from = normalised(change.previousState());
            String to = normalised(change.state());
            if (NOT_KNOWN.contains(from) || NOT_KNOWN.contains(to) || OFF_LIKE.contains(from) == OFF_LIKE.contains(to)) {
                return EITHER;
            }
            return OFF_LIKE.contains(from) ? UP : DOWN;
        }

        private static String normalised(String state) {
            return state == null ? "" : state.strip().toLowerCase(Locale.ROOT);
        }

        /** How well a change (after − before, in watts) fits this direction: larger is better. */
        double score(double change) {
            return switch (this) {
                case UP -> change;
                case DOWN -> -change;
                case EITHER -> Math.abs(change);
            };
        }
    }
}
