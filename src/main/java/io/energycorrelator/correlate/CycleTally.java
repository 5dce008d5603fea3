package io.energycorrelator.correlate;

import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pass did, added up from the exchange properties each concern kept ({@link RouteNames}) once it is over: by
 * the live route's bookkeeping ({@link CycleBookkeeping}) and by the backfill for each chunk. Reads only.
 */
public final class CycleTally {

    private CycleTally() {
    }

    /** The outcome of the pass the exchange holds; a concern that did not run counts nothing. */
    public static CycleOutcome outcome(Exchange exchange) {
        Cycle cycle = exchange.getProperty(RouteNames.CYCLE, Cycle.class);
        StateChangesRead read = exchange.getProperty(RouteNames.STATE_CHANGES_READ, StateChangesRead.class);
        LookBack lookBack = exchange.getProperty(RouteNames.LOOK_BACK, LookBack.class);
        Skips meterSkips = exchange.getProperty(RouteNames.METER_SKIPS, Skips.class);
        CorrelationsKept kept = exchange.getProperty(RouteNames.CORRELATIONS_KEPT, CorrelationsKept.class);
        Landed landed = exchange.getProperty(RouteNames.LANDED, Landed.class);
        Long tooLate = exchange.getProperty(RouteNames.TOO_LATE, Long.class);

        Map<String, Long> skipped = new TreeMap<>();
        add(skipped, read == null ? null : read.skips());
        add(skipped, meterSkips);
        add(skipped, kept == null ? null : kept.skips());
        add(skipped, landed == null ? null : landed.skips());
        if (tooLate != null && tooLate > 0) {
            skipped.merge(LateRows.TOO_LATE, tooLate, Long::sum);
        }
        Instant settledUntil = read != null ? read.settledUntil() : new StateChangesRead(cycle).settledUntil();
        return new CycleOutcome(
                (read == null ? 0 : read.eventsProcessed()) + (kept == null ? 0 : kept.foundAfterStart()),
                kept == null ? 0 : kept.correlationsFound(),
                landed == null ? 0 : landed.correlationsWritten(),
                kept == null ? 0 : kept.belowThreshold(),
                Map.copyOf(skipped),
                read == null ? 0 : read.backlog(),
                settledUntil,
                lookBack == null ? 0 : lookBack.lateStateChanges());
    }

    private static void add(Map<String, Long> skipped, Skips skips) {
        if (skips != null) {
            skips.byReason().forEach((reason, count) -> skipped.merge(reason, count, Long::sum));
        }
    }
}
