package io.energycorrelator.correlate;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Duration;

/** Builds a correlation from an enriched state change: its step, its overlaps and its confidence. */
public class Correlations {

    /** |power after − power before| in watts, for the route's threshold filter. */
    public static final String STEP_HEADER = "PowerStepW";

    private final Duration overlapReach;
    private final Confidence confidence;

    public Correlations(Duration overlapReach, Confidence confidence) {
        this.overlapReach = overlapReach;
        this.confidence = confidence;
    }

    /** Replaces the body (the state change) with its correlation, and sets {@value #STEP_HEADER} for the filter. */
    public void correlate(Exchange exchange) {
        Message message = exchange.getMessage();
        StateChange change = message.getBody(StateChange.class);
        double before = message.getHeader(StorePower.BEFORE, Double.class);
        double after = message.getHeader(StorePower.AFTER, Double.class);
        Cycle cycle = exchange.getProperty("cycle", Cycle.class);
        int overlapping = cycle.overlapping(change.time(), overlapReach);
        double confidenceOf = confidence.of(after - before, overlapping, exchange.getProperty("meterWindow", MeterWindow.class), change.time());
        message.setBody(new Correlation(change, before, after, overlapping, confidenceOf));
        message.setHeader(STEP_HEADER, Math.abs(after - before));
    }
}
