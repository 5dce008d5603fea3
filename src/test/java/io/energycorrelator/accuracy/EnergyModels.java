package io.energycorrelator.accuracy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ways of valuing an appliance's day from its on-intervals (its state changes, as Home Assistant records them), to
 * set beside each other on the real houses. Each integrates as {@link TrueEnergy} does (a sample held until the
 * next, at most {@value TrueEnergy#MAX_HOLD_SECONDS} s).
 * <ul>
 * <li>{@link #stepTimesOnTime}: the median on-step × the time on (the service's model);</li>
 * <li>{@link #eachIntervalItsOwnStep}: each on-interval × the mean of its own on-step and minus its off-step
 * (a device whose power differs from run to run);</li>
 * <li>{@link #meterOverOnTime}: the meter's power above its level just before each switch-on, over each
 * on-interval (what the meter says the device added, other devices' changes in the interval included);</li>
 * <li>{@link #meterOverOnTimeOthersOut}: the same with the other appliances' changes since the switch-on taken out
 * (their true channels: the ceiling of taking known steps out).</li>
 * </ul>
 */
public final class EnergyModels {

    private EnergyModels() {
    }

    /** The [from, to) sample ranges channel k was on, by its state changes. */
    static List<int[]> onIntervals(RefitHouse house, List<TrueEvent> events, int k) {
        List<int[]> intervals = new ArrayList<>();
        int start = Crossings.onAtStart(house.channels()[k]) ? 0 : -1;
        for (TrueEvent e : events) {
            if (e.channel() != k) {
                continue;
            }
            if ("on".equals(e.state())) {
                start = e.index();
            } else if (start >= 0) {
                intervals.add(new int[] {start, e.index()});
                start = -1;
            }
        }
        if (start >= 0) {
            intervals.add(new int[] {start, house.size() - 1});
        }
        return intervals;
    }

    static double heldSeconds(long[] unix, int i) {
        return i + 1 < unix.length ? Math.min(unix[i + 1] - unix[i], TrueEnergy.MAX_HOLD_SECONDS) : 0;
    }

    /** Median of the given steps (NaN ignored) × seconds on, in Wh. */
    static double stepTimesOnTime(long[] unix, List<int[]> intervals, double[] stepsW) {
        double[] finite = Arrays.stream(stepsW).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        double median = finite.length % 2 == 1 ? finite[finite.length / 2]
                : (finite[finite.length / 2 - 1] + finite[finite.length / 2]) / 2;
        double seconds = 0;
        for (int[] iv : intervals) {
            for (int i = iv[0]; i < iv[1]; i++) {
                seconds += heldSeconds(unix, i);
            }
        }
        return Math.max(0, median) * seconds / 3600;
    }

    /**
     * Σ over on-intervals of its length × the mean of the series' step up at its start and down at its end (one
     * alone where the other cannot be read), in Wh.
     */
    static double eachIntervalItsOwnStep(long[] unix, double[] series, List<int[]> intervals) {
        double joules = 0;
        for (int[] iv : intervals) {
            double up = Crossings.stepAt(series, iv[0]);
            double down = iv[1] < series.length - 1 ? -Crossings.stepAt(series, iv[1]) : Double.NaN;
            double step = Double.isFinite(up) && Double.isFinite(down) ? (up + down) / 2 : Double.isFinite(up) ? up : down;
            if (!Double.isFinite(step)) {
                continue;
            }
            double seconds = 0;
            for (int i = iv[0]; i < iv[1]; i++) {
                seconds += heldSeconds(unix, i);
            }
            joules += Math.max(0, step) * seconds;
        }
        return joules / 3600;
    }

    /**
     * Σ over on-intervals of the power above the base (the median of the {@value Crossings#SIDE} samples before the
     * switch-on; none when {@code aboveBase} is false), minus what {@code others} added since it (null: nothing taken
     * out), never below 0, in Wh.
     */
    static double meterOverOnTime(long[] unix, double[] aggregate, List<int[]> intervals, double[] others, boolean aboveBase) {
        double joules = 0;
        for (int[] iv : intervals) {
            int from = iv[0];
            double base = !aboveBase ? 0 : from >= Crossings.SIDE
                    ? median(Arrays.copyOfRange(aggregate, from - Crossings.SIDE, from)) : aggregate[from];
            double othersBase = others == null ? 0
                    : from >= Crossings.SIDE ? median(Arrays.copyOfRange(others, from - Crossings.SIDE, from)) : others[from];
            for (int i = from; i < iv[1]; i++) {
                double othersAdded = others == null ? 0 : others[i] - othersBase;
                joules += Math.max(0, aggregate[i] - base - othersAdded) * heldSeconds(unix, i);
            }
        }
        return joules / 3600;
    }

    /** The sum of every channel but k, sample by sample. */
    static double[] othersThan(RefitHouse house, int k) {
        double[] sum = new double[house.size()];
        for (int c = 0; c < house.channels().length; c++) {
            if (c != k) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += house.channels()[c][i];
                }
            }
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
