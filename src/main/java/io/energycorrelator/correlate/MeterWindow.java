package io.energycorrelator.correlate;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The whole-house power readings of one cycle, held in memory so that each state change is enriched
 * without a query of its own. Lookups are binary searches.
 *
 * <p>The power before an event is the reading nearest to event − window/2 that is not after the event; the
 * power after is the reading nearest to event + window/2 that is not before it. A reading farther than
 * {@code maxGap} from that instant does not count. On a tie the reading farther from the event wins.
 */
public final class MeterWindow {

    /** One reading: when, and how many watts. */
    public record Reading(Instant time, double watts) {
    }

    private final long[] nanos;
    private final double[] watts;
    private final long halfWindowNanos;
    private final long maxGapNanos;

    public MeterWindow(List<Reading> readings, Duration halfWindow, Duration maxGap) {
        Reading[] sorted = readings.toArray(Reading[]::new);
        Arrays.sort(sorted, (a, b) -> a.time().compareTo(b.time()));
        this.nanos = new long[sorted.length];
        this.watts = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            nanos[i] = toNanos(sorted[i].time());
            watts[i] = sorted[i].watts();
        }
        this.halfWindowNanos = halfWindow.toNanos();
        this.maxGapNanos = maxGap.toNanos();
    }

    public static MeterWindow empty(Duration halfWindow, Duration maxGap) {
        return new MeterWindow(List.of(), halfWindow, maxGap);
    }

    public int size() {
        return nanos.length;
    }

    /** Watts before the event, or null when no reading qualifies. */
    public Double powerBefore(Instant event) {
        long eventNanos = toNanos(event);
        long target = eventNanos - halfWindowNanos;
        int atOrBefore = lastIndexAtOrBefore(target);
        int next = atOrBefore + 1;
        Integer best = nearer(target, atOrBefore, next < nanos.length && nanos[next] <= eventNanos ? next : -1);
        return best == null ? null : watts[best];
    }

    /** Watts after the event, or null when no reading qualifies. */
    public Double powerAfter(Instant event) {
        long eventNanos = toNanos(event);
        long target = eventNanos + halfWindowNanos;
        int atOrBefore = lastIndexAtOrBefore(target);
        int atOrAfter = atOrBefore >= 0 && nanos[atOrBefore] == target ? atOrBefore : atOrBefore + 1;
        int earlier = atOrAfter - 1;
        Integer best = nearer(target, atOrAfter < nanos.length ? atOrAfter : -1,
                earlier >= 0 && nanos[earlier] >= eventNanos ? earlier : -1);
        return best == null ? null : watts[best];
    }

    /** The nearer of two candidate indexes (-1 = none) to the target, within maxGap; the first wins a tie. */
    private Integer nearer(long target, int first, int second) {
        long firstGap = first < 0 ? Long.MAX_VALUE : Math.abs(nanos[first] - target);
        long secondGap = second < 0 ? Long.MAX_VALUE : Math.abs(nanos[second] - target);
        int best = secondGap < firstGap ? second : first;
        long gap = Math.min(firstGap, secondGap);
        return best < 0 || gap > maxGapNanos ? null : best;
    }

    /** Index of the last reading at or before t (the last of equal timestamps), or -1. */
    private int lastIndexAtOrBefore(long t) {
        int lo = 0;
        int hi = nanos.length - 1;
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

    private static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
