package io.energycorrelator.correlate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.ProfileChanges;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One pass over a time range of state changes: the live timer's cycle, or one chunk of a backfill.
 * It handles the state changes in (after, until], at most {@code maxEvents} of them in time order, and
 * tallies what it did; the tally reaches the statistics only when the whole cycle succeeded, so a cycle
 * that fails and is redone is counted once.
 */
public final class Cycle {

    /** Who runs the cycle: the live timer or a backfill. */
    public enum Run {
        LIVE, BACKFILL;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Run run;
    private final Instant after;
    private final Instant until;
    private final int maxEvents;
    /** Exclusive start of the look-back for late rows; {@link #after} when the cycle has none (a backfill). */
    private Instant lookBackFrom;
    private Instant settledUntil;
    private long backlog;
    private int eventsProcessed;
    private int belowThreshold;
    private int correlationsFound;
    private int correlationsWritten;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<LateRows.RowKey, LateRows.Seen> rowsSeen = new HashMap<>();
    private final List<StateChange> rechecks = new ArrayList<>();
    private final List<StateChange> superseded = new ArrayList<>();
    private MeterWindowLoader.ReadAhead meterReadAhead;
    private List<StateChange> judged = List.of();
    private final Set<StateChange> recheckedAfterStart = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ProfileChanges profileChanges = new ProfileChanges();
    private int late;
    private long[] stateChangeNanos = new long[0];

    public Cycle(Run run, Instant after, Instant until, int maxEvents) {
        this.run = run;
        this.after = after;
        this.until = until;
        this.maxEvents = maxEvents;
        this.lookBackFrom = after;
        this.settledUntil = until.isAfter(after) ? until : after;
    }

    /** The cycle also looks back over (from, after] for rows that arrived after the watermark had passed them. */
    void lookBackFrom(Instant from) {
        this.lookBackFrom = from.isBefore(after) ? from : after;
    }

    public Instant lookBackFrom() {
        return lookBackFrom;
    }

    public boolean looksBack() {
        return lookBackFrom.isBefore(after);
    }

    /** The rows this cycle read in its look-back and its own range, as {@link LateRows} remembers them. */
    Map<LateRows.RowKey, LateRows.Seen> rowsSeen() {
        return rowsSeen;
    }

    /** Look-back state changes judged before with the same state: judged again only if their meter readings changed. */
    List<StateChange> rechecks() {
        return rechecks;
    }

    /**
     * Look-back state changes as they were correlated before a late row changed their previous state: their points
     * are deleted once the cycle has written ({@link SupersededCorrelations}).
     */
    List<StateChange> superseded() {
        return superseded;
    }

    /** The meter readings read with the cycle's state changes (a live cycle), or null. */
    MeterWindowLoader.ReadAhead meterReadAhead() {
        return meterReadAhead;
    }

    void meterReadAhead(MeterWindowLoader.ReadAhead readAhead) {
        this.meterReadAhead = readAhead;
    }

    /** The state changes the cycle judges (its own, and the late ones), remembered by {@link LateRows} on success. */
    void judged(List<StateChange> changes) {
        this.judged = changes;
    }

    List<StateChange> judged() {
        return judged;
    }

    /** What this cycle learned into the device profiles, to store with it or to take back if it fails. */
    public ProfileChanges profileChanges() {
        return profileChanges;
    }

    /** A state change the first cycle after a start judges again: counted only if it makes a correlation. */
    void recheckedAfterStart(StateChange change) {
        recheckedAfterStart.add(change);
    }

    boolean isRecheckedAfterStart(StateChange change) {
        return !recheckedAfterStart.isEmpty() && recheckedAfterStart.contains(change);
    }

    void lateStateChange() {
        late++;
    }

    public int lateStateChanges() {
        return late;
    }

    public Run run() {
        return run;
    }

    /** Exclusive start: everything up to this instant was settled before. */
    public Instant after() {
        return after;
    }

    /** Inclusive end of the range this cycle may handle. */
    public Instant until() {
        return until;
    }

    public boolean isEmptyRange() {
        return !until.isAfter(after);
    }

    public int maxEvents() {
        return maxEvents;
    }

    /** Where the watermark may move once the cycle succeeds: {@link #until()}, or less when the cycle was cut. */
    public Instant settledUntil() {
        return settledUntil;
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

    public long backlog() {
        return backlog;
    }

    public void eventsProcessed(int count) {
        eventsProcessed += count;
    }

    public void correlationsFound(int count) {
        correlationsFound += count;
    }

    public void belowThreshold() {
        belowThreshold++;
    }

    public void correlationsWritten(int count) {
        correlationsWritten += count;
    }

    /** Counts a record this cycle could not use. */
    public void skip(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    public int eventsProcessed() {
        return eventsProcessed;
    }

    public int correlationsFound() {
        return correlationsFound;
    }

    public int correlationsWritten() {
        return correlationsWritten;
    }

    public int belowThresholdCount() {
        return belowThreshold;
    }

    public Map<String, Long> skipped() {
        return skipped;
    }

    /** What the cycle did, for the statistics. */
    public CycleOutcome outcome() {
        return new CycleOutcome(eventsProcessed, correlationsFound, correlationsWritten, belowThreshold, Map.copyOf(skipped),
                backlog, settledUntil, late);
    }

    @Override
    public String toString() {
        return run + " cycle (" + after + ", " + until + "]";
    }
}
