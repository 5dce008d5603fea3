package io.energycorrelator.correlate;

import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * How the content enricher merges its answer: the state change (the body) and the power step (the enricher's
 * answer) become one {@link Correlation} ({@link Correlator}), its |step| in the header
 * {@value RouteNames#ABSOLUTE_DELTA_W} for the threshold filter. When the meter could
 * not tell (no step), the body becomes empty and the route skips the state change as {@code no_meter_data}.
 */
public class CorrelationMerge implements AggregationStrategy {

    private final Correlator correlator;

    public CorrelationMerge(Correlator correlator) {
        this.correlator = correlator;
    }

    @Override
    public Exchange aggregate(Exchange original, Exchange resource) {
        StateChange change = original.getMessage().getBody(StateChange.class);
        PowerStep step = resource.getMessage().getBody(PowerStep.class);
        if (step == null) {
            original.getMessage().setBody(null);
            return original;
        }
        StateChangesRead read = original.getProperty(RouteNames.STATE_CHANGES_READ, StateChangesRead.class);
        MeterWindow window = original.getProperty(RouteNames.METER_WINDOW, MeterWindow.class);
        Correlation correlation = correlator.correlate(change, step, read, window);
        original.getMessage().setBody(correlation);
        original.getMessage().setHeader(RouteNames.ABSOLUTE_DELTA_W, correlation.absoluteDeltaW());
        return original;
    }
}
