package io.energycorrelator.correlate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * How the content enricher merges its answer: the state change (the body) and the power step (the enricher's
 * answer) become one {@link io.energycorrelator.model.Correlation} ({@link Correlator}). When the meter could
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
        Cycle cycle = original.getProperty(RouteNames.CYCLE, Cycle.class);
        MeterWindow window = original.getProperty(RouteNames.METER_WINDOW, MeterWindow.class);
        original.getMessage().setBody(correlator.correlate(change, step, cycle, window));
        return original;
    }
}
