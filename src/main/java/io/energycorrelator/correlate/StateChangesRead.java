package io.energycorrelator.correlate;

import io.energycorrelator.model.MeterWindow;

import java.time.Duration;
import java.time.Instant;

/**
 * What a range's read found ({@link StateChangeReader}, which makes it afresh for each range): where the range was
 * cut and how many state changes wait behind the cut, the times of the state changes in and around it (to tell
 * overlapping windows), the meter readings read in the same request, and the state records it could not use; with
 * what {@link TrackedDomains} kept of it: the state changes processed, and those of untracked domains skipped.
 * Written by those two beans only.
 */
public final class StateChangesRead {

    private Instant settledUntil;
    private long backlog;
    private long[] stateChangeNanos = new long[0];
    private MeterWindowLoader.ReadAhead meterReadAhead;
    private int eventsProcessed;
    private final Skips skips = new Skips();

    /** Nothing read yet: the whole range of the cycle. */
    public StateChangesRead(Cycle cycle) {
        this.settledUntil = cycle.until().isAfter(cycle.after()) ? cycle.until() : cycle.after();
    }

    /** The cycle took only the state changes up to {@code settledUntil}; {@code backlog} more wait in its range. */
    void cutAt(Instant settledUntil, long backlog) {
        this.settledUntil = settledUntil;
        this.backlog = backlog;
    }

    /** The times of every state change in and just around this cycle (sorted), to tell overlapping windows. */
    void stateChangeTimes(long[] sortedNanos) {
        this.stateChangeNanos = sortedNanos;
    }

    /** The meter readings read with the cycle's state changes (a live cycle), for {@link MeterWindowLoader#load}. */
    void meterReadAhead(MeterWindowLoader.ReadAhead readAhead) {
        this.meterReadAhead = readAhead;
    }

    /** State changes the cycle processes (the tracked ones). */
    void processed(int count) {
        eventsProcessed += count;
    }

    void skip(String reason, Object record) {
        skips.skip(reason, record);
    }

    /** Where the watermark may move once the cycle succeeds: the cycle's end, or less when the cycle was cut. */
    public Instant settledUntil() {
        return settledUntil;
    }

    public long backlog() {
        return backlog;
    }

    MeterWindowLoader.ReadAhead meterReadAhead() {
        return meterReadAhead;
    }

    public int eventsProcessed() {
        return eventsProcessed;
    }

    public Skips skips() {
        return skips;
    }

    /** How many other state changes lie within [t − reach, t + reach] of one at t. */
    public int overlapping(Instant t, Duration reach) {
        long center = MeterWindow.toNanos(t);
        int from = firstAtOrAfter(center - reach.toNanos());
        int to = firstAtOrAfter(center + reach.toNanos() + 1);
        return Math.max(0, to - from - 1);
    }

    private int firstAtOrAfter(long t) {
        int lo = 0;
        int hi = stateChangeNanos.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (stateChangeNanos[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
