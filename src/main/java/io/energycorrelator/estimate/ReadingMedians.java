package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * The medians the {@code aligned} and {@code profile} rules read around each reading of one meter window: of
 * the window ending at reading i, and of the window starting at it (and, for {@code profile}, how far that
 * window's readings lie from its median). Neighbouring state changes share most of their candidate
 * splits, so each median is taken once for the state changes near it instead of once per state change and
 * split (dozens of times as often in a busy cycle). The state changes come in time order, so a small ring
 * of the latest readings' medians holds every one that is shared: its memory does not grow with the window
 * (a day of meter in a backfill chunk). One per thread (a window is worked on by one thread at a time); it
 * starts afresh for each window, which it does not keep alive.
 */
final class ReadingMedians {

    private static final int SLOTS = 4096; // far more readings than one state change's splits and windows reach

    private final long windowNanos;
    private final int[] endingAtIndex = new int[SLOTS];
    private final double[] endingAt = new double[SLOTS];
    private final int[] startingAtIndex = new int[SLOTS];
    private final double[] startingAt = new double[SLOTS];
    /** Per slot: the readings of its window (first, last) and their mean deviation from the median (NaN: not yet). */
    private final int[] endingFirst = new int[SLOTS];
    private final int[] endingLast = new int[SLOTS];
    private final double[] endingDeviation = new double[SLOTS];
    private final int[] startingFirst = new int[SLOTS];
    private final int[] startingLast = new int[SLOTS];
    private final double[] startingDeviation = new double[SLOTS];
    private WeakReference<MeterWindow> current = new WeakReference<>(null);

    ReadingMedians(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Takes the medians of this window from now on (forgetting another window's). */
    ReadingMedians of(MeterWindow window) {
        if (current.get() != window) {
            Arrays.fill(endingAtIndex, -1);
            Arrays.fill(startingAtIndex, -1);
            current = new WeakReference<>(window);
        }
        return this;
    }

    /** The median of the readings from reading i's time − window to its time, both included. */
    double endingAt(MeterWindow window, int i) {
        int slot = i & (SLOTS - 1);
        if (endingAtIndex[slot] != i) {
            // The readings from time − window to time: found by stepping out from i, not by searching the window.
            long time = window.nanos(i);
            int last = i;
            while (last + 1 < window.size() && window.nanos(last + 1) == time) {
                last++;
            }
            int first = i;
            while (first > 0 && window.nanos(first - 1) >= time - windowNanos) {
                first--;
            }
            endingAt[slot] = MedianEstimator.median(window, first, last);
            endingAtIndex[slot] = i;
            endingFirst[slot] = first;
            endingLast[slot] = last;
            endingDeviation[slot] = Double.NaN;
        }
        return endingAt[slot];
    }

    /** The median of the readings from reading i's time to its time + window, both included. */
    double startingAt(MeterWindow window, int i) {
        int slot = i & (SLOTS - 1);
        if (startingAtIndex[slot] != i) {
            long time = window.nanos(i);
            int first = i;
            while (first > 0 && window.nanos(first - 1) == time) {
                first--;
            }
            int last = i;
            while (last + 1 < window.size() && window.nanos(last + 1) <= time + windowNanos) {
                last++;
            }
            startingAt[slot] = MedianEstimator.median(window, first, last);
            startingAtIndex[slot] = i;
            startingFirst[slot] = first;
            startingLast[slot] = last;
            startingDeviation[slot] = Double.NaN;
        }
        return startingAt[slot];
    }

    /** The mean distance of the readings of {@link #endingAt}'s window from its median. */
    double deviationEndingAt(MeterWindow window, int i) {
        double median = endingAt(window, i);
        int slot = i & (SLOTS - 1);
        if (Double.isNaN(endingDeviation[slot])) {
            endingDeviation[slot] = meanDeviation(window, endingFirst[slot], endingLast[slot], median);
        }
        return endingDeviation[slot];
    }

    /** The mean distance of the readings of {@link #startingAt}'s window from its median. */
    double deviationStartingAt(MeterWindow window, int i) {
        double median = startingAt(window, i);
        int slot = i & (SLOTS - 1);
        if (Double.isNaN(startingDeviation[slot])) {
            startingDeviation[slot] = meanDeviation(window, startingFirst[slot], startingLast[slot], median);
        }
        return startingDeviation[slot];
    }

    private static double meanDeviation(MeterWindow window, int first, int last, double median) {
        double sum = 0;
        for (int i = first; i <= last; i++) {
            sum += Math.abs(window.watts(i) - median);
        }
        return sum / (last - first + 1);
    }
}
