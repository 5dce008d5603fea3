package io.energycorrelator.correlate;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.time.Duration;

/** Builds a correlation from an enriched state change: its step, its overlaps and its confidence. */
public class Correlations {

    private final Duration overlapReach;
    private final Confidence confidence;

    public Correlations(Duration overlapReach, Confidence confidence) {
        this.overlapReach = overlapReach;
        this.confidence = confidence;
    }

    public Correlation correlate(@Body StateChange change, @Header(StorePower.BEFORE) double before,
            @Header(StorePower.AFTER) double after, @ExchangeProperty("cycle") Cycle cycle,
            @ExchangeProperty("meterWindow") MeterWindow window) {
        int overlapping = cycle.overlapping(change.time(), overlapReach);
        return new Correlation(change, before, after, overlapping,
                confidence.of(after - before, overlapping, window, change.time()));
    }
}
