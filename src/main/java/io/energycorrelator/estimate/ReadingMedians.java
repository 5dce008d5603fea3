package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;

import java.util.Arrays;

/**
 * The medians the {@code aligned} rule reads around each reading of one meter window: of the window ending
 * at reading i, and of the window starting at it. Neighbouring state changes share most of their candidate
 * splits, so each median is taken once per reading instead of once per state change and split (dozens of
 * times as often in a busy cycle). Filled as they are first asked for. It does not hold on to its window (it is
 * kept in a weak map by its window).
 */
final class ReadingMedians {

    private final long windowNanos;
    private final double[] endingAt;
    private final double[] startingAt;

    ReadingMedians(MeterWindow window, long windowNanos) {
        this.windowNanos = windowNanos;
        this.endingAt = new double[window.size()];
        this.startingAt = new double[window.size()];
        // NaN: not taken yet (a window that holds its own reading always has a median)
        Arrays.fill(endingAt, Double.NaN);
        Arrays.fill(startingAt, Double.NaN);
    }

    /** The median of the readings from reading i's time − window to its time, both included. */
    double endingAt(MeterWindow window, int i) {
        double median = endingAt[i];
        if (Double.isNaN(median)) {
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
            median = MedianEstimator.median(window, first, last);
            endingAt[i] = median;
        }
        return median;
    }

    /** The median of the readings from reading i's time to its time + window, both included. */
    double startingAt(MeterWindow window, int i) {
        double median = startingAt[i];
        if (Double.isNaN(median)) {
            long time = window.nanos(i);
            int first = i;
            while (first > 0 && window.nanos(first - 1) == time) {
                first--;
            }
            int last = i;
            while (last + 1 < window.size() && window.nanos(last + 1) <= time + windowNanos) {
                last++;
            }
            median = MedianEstimator.median(window, first, last);
            startingAt[i] = median;
        }
        return median;
    }
}
