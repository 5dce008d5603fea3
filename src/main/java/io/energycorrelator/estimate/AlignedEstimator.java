package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;

import java.time.Duration;
import java.util.Locale;
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
 */
public final class AlignedEstimator implements StepEstimator {

    private final long toleranceNanos;
    private final long windowNanos;
    /** The medians of the window a thread works on (a cycle's, a backfill chunk's). */
    private final ThreadLocal<ReadingMedians> medians;

    public AlignedEstimator(Duration tolerance, Duration window) {
        if (tolerance.isNegative() || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("tolerance must not be negative and window must be positive: " + tolerance + ", " + window);
        }
        this.toleranceNanos = tolerance.toNanos();
        this.windowNanos = window.toNanos();
        this.medians = ThreadLocal.withInitial(() -> new ReadingMedians(windowNanos));
    }

    @Override
    public Duration reach() {
        return Duration.ofNanos(toleranceNanos + 2 * windowNanos);
    }

    @Override
    public PowerStep estimate(MeterWindow w, StateChange change) {
        Direction direction = Direction.of(change);
        return bestSplit(w, change, (m, i, beforeW, afterW) -> direction.score(afterW - beforeW), PowerStep.METER);
    }

    /** How well the split between readings i and i + 1 (read as its two medians) fits: larger is better. */
    interface SplitScore {
        double of(ReadingMedians medians, int i, double beforeW, double afterW);
    }

    /**
     * The candidate split that scores best (a tie to the one nearer the event) as its two medians, or null when
     * there is none. The candidates and their medians are the rule's, whatever chooses among them.
     */
    PowerStep bestSplit(MeterWindow w, StateChange change, SplitScore score, String source) {
        long event = MeterWindow.toNanos(change.time());
        int first = w.firstIndexAtOrAfter(event - toleranceNanos - windowNanos);
        int last = w.lastIndexAtOrBefore(event + toleranceNanos + windowNanos);
        if (w.lastIndexAtOrBefore(event) < first || w.firstIndexAtOrAfter(event) > last) {
            return null;
        }
        ReadingMedians m = medians.get().of(w);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        long bestDistance = Long.MAX_VALUE;
        for (int i = first; i < last; i++) {
            long before = w.nanos(i);
            long after = w.nanos(i + 1);
            if (before == after || after < event - toleranceNanos || before > event + toleranceNanos) {
                continue;
            }
            double fit = score.of(m, i, m.endingAt(w, i), m.startingAt(w, i + 1));
            long distance = Math.abs((before - event) + (after - event)); // twice the split's distance from the event
            if (fit > bestScore || fit == bestScore && distance < bestDistance) {
                best = i;
                bestScore = fit;
                bestDistance = distance;
            }
        }
        return best < 0 ? null : new PowerStep(m.endingAt(w, best), m.startingAt(w, best + 1), source);
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
