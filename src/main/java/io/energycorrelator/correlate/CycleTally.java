package io.energycorrelator.correlate;

import io.energycorrelator.model.Correlation;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.List;

/** Counts, in the cycle at hand, the correlations written; the counts reach the statistics with the cycle. */
public class CycleTally {

    public static final String NO_METER_DATA = "no_meter_data";

    public void written(@Body List<Correlation> correlations, @ExchangeProperty(RouteNames.CYCLE) Cycle cycle) {
        cycle.correlationsWritten(correlations.size());
    }
}
