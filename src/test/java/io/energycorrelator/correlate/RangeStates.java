package io.energycorrelator.correlate;

import org.apache.camel.Exchange;

/**
 * For route tests that stand in for correlate-range: the state its beans would leave on the exchange, made afresh as
 * they make it, with the tally given.
 */
public final class RangeStates {

    private RangeStates() {
    }

    /** A range that read {@code events} state changes, found {@code found} correlations and wrote {@code written}. */
    public static void ran(Exchange exchange, int events, int found, int written) {
        Cycle cycle = exchange.getProperty(RouteNames.CYCLE, Cycle.class);
        StateChangesRead read = new StateChangesRead(cycle);
        read.processed(events);
        CorrelationsKept kept = new CorrelationsKept();
        for (int i = 0; i < found; i++) {
            kept.addFound();
        }
        Landed landed = new Landed();
        landed.written(written);
        exchange.setProperty(RouteNames.STATE_CHANGES_READ, read);
        exchange.setProperty(RouteNames.LOOK_BACK, new LookBack(cycle));
        exchange.setProperty(RouteNames.CORRELATIONS_KEPT, kept);
        exchange.setProperty(RouteNames.LANDED, landed);
    }
}
