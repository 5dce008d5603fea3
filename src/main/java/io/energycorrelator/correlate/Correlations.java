package io.energycorrelator.correlate;

import org.apache.camel.Body;
import org.apache.camel.Header;

/** Builds a correlation from an enriched state change. */
public class Correlations {

    public Correlation correlate(@Body StateChange change, @Header(StorePower.BEFORE) double before,
            @Header(StorePower.AFTER) double after) {
        return new Correlation(change, before, after);
    }
}
