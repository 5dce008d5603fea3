package io.energycorrelator.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The whole-house power readings of one cycle, sorted by time and held in memory, so that each state
 * change is enriched without a query of its own. Times are nanoseconds since the epoch; lookups are
 * binary searches. How a power step is read from these readings is a {@code StepEstimator}'s business.
 */
public final class MeterWindow {

    /** One reading: when, and how many watts. */
    public record Reading(Instant time, double watts) {
    }

    private static final MeterWindow EMPTY = new MeterWindow(List.of());

    private final long[] nanos;
    private final double[] watts;
    private final int size;

    public MeterWindow(List<Reading> readings) {
        Reading[] sorted = readings.toArray(Reading[]::new);
        Arrays.sort(sorted, (a, b) -> a.time().compareTo(b.time()));
        this.nanos = new long[sorted.length];
        this.watts = new double[sorted.length];
        this.size = sorted.length;
        for (int i = 0; i < sorted.length; i++) {
            nanos[i] = toNanos(sorted[i].time());
            watts[i] = sorted[i].watts();
        }
    }

    /**
     * Readings already in time order: the first {@code size} of the two arrays, which the window takes over
     * as they are (no copy: a day of 1 Hz readings is 1.4 MB).
     */
    public static MeterWindow ofSorted(long[] nanos, double[] watts, int size) {
        for (int i = 1; i < size; i++) {
            if (nanos[i] < nanos[i - 1]) {
                throw new IllegalArgumentException("readings out of time order at " + i);
            }
        }
        return new MeterWindow(nanos, watts, size);
    }

    private MeterWindow(long[] nanos, double[] watts, int size) {
        this.nanos = nanos;
        this.watts = watts;
        this.size = size;
    }

    public static MeterWindow empty() {
        return EMPTY;
    }

    public int size() {
        return size;
    }

    /** Time of reading i, in nanoseconds since the epoch. */
    public long nanos(int i) {
        return nanos[i];
    }

    public double watts(int i) {
        return watts[i];
    }

    /** Index of the last reading at or before t (the last of equal timestamps), or -1. */
    public int lastIndexAtOrBefore(long t) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (nanos[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Index of the first reading at or after t, or size() when there is none. */
    public int firstIndexAtOrAfter(long t) {
        int i = lastIndexAtOrBefore(t);
        return i >= 0 && nanos[i] == t ? firstOfEqual(i) : i + 1;
    }

    /**
     * Index of the reading whose value holds over [from, to] for a state change at {@code event}, or -1. A meter
     * that writes only when its value changes (Home Assistant's way) says nothing while the load is steady, so
     * its last reading still holds: the last reading before {@code from}, when none was taken in [from, to],
     * that reading lies at most {@code maxSilenceNanos} before the event, and the next one (after {@code to})
     * at most that long after it. The next reading is the proof that the meter went on writing: without it the
     * silence may be a meter or a link that stopped, or readings not stored yet, and the value may have
     * changed unseen. A max silence of 0 holds nothing.
     */
    public int heldOver(long from, long to, long event, long maxSilenceNanos) {
        int i = lastIndexAtOrBefore(to);
        if (maxSilenceNanos <= 0 || i < 0 || nanos[i] >= from || i + 1 >= size) {
            return -1;
        }
        return event - nanos[i] <= maxSilenceNanos && nanos[i + 1] - event <= maxSilenceNanos ? i : -1;
    }

    private int firstOfEqual(int i) {
        while (i > 0 && nanos[i - 1] == nanos[i]) {
            i--;
        }
        return i;
    }

    public static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
