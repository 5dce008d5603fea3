package io.energycorrelator.correlate;

import java.time.Instant;

/**
 * The plan of one pass over a time range of state changes: the live timer's cycle, or one chunk of a backfill. It
 * handles the state changes in (after, until], at most {@code maxEvents} of them in time order, and a live cycle also
 * looks back over (lookBackFrom, after] for rows that arrived late ({@link LateRows}). What the planner decided, and
 * nothing more: it never changes. What the pass finds and does is kept apart, each by the beans of its concern, in the
 * exchange properties {@link RouteNames} declares; {@link CycleTally} adds them up once the pass is over.
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
    private final Instant lookBackFrom;

    /** A pass without a look-back (a backfill chunk). */
    public Cycle(Run run, Instant after, Instant until, int maxEvents) {
        this(run, after, until, maxEvents, after);
    }

    /** @param lookBackFrom exclusive start of the look-back for late rows; {@code after} (or later): none */
    public Cycle(Run run, Instant after, Instant until, int maxEvents, Instant lookBackFrom) {
        this.run = run;
        this.after = after;
        this.until = until;
        this.maxEvents = maxEvents;
        this.lookBackFrom = lookBackFrom.isBefore(after) ? lookBackFrom : after;
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

    /** Exclusive start of the planned look-back; {@link #after} when the cycle has none. The reader may narrow it ({@link LookBack}). */
    public Instant lookBackFrom() {
        return lookBackFrom;
    }

    public boolean looksBack() {
        return lookBackFrom.isBefore(after);
    }

    @Override
    public String toString() {
        return run + " cycle (" + after + ", " + until + "]";
    }
}
