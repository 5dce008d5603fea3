package io.energycorrelator.correlate;

import io.energycorrelator.model.Correlation;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.time.Duration;

/**
 * How the content enricher merges its answer: the state change (the body) and the power step (the enricher's
 * answer) become one {@link Correlation}, with its overlaps and confidence. When the meter could not tell
 * (no step), the body becomes empty and the route skips the state change as {@code no_meter_data}.
 */
public class CorrelationMerge implements AggregationStrategy {

    private final Duration overlapReach;
    private final Confidence confidence;

    /** @param overlapReach how close another state change must be to overlap one (the estimator's reach) */
    public CorrelationMerge(Duration overlapReach, Confidence confidence) {
        this.overlapReach = overlapReach;
        this.confidence = confidence;
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
        int overlapping = cycle.overlapping(change.time(), overlapReach);
        double trust = confidence.of(step.afterW() - step.beforeW(), overlapping, window, change.time());
        original.getMessage().setBody(new Correlation(change, step.beforeW(), step.afterW(), overlapping, trust,
                step.source()));
        return original;
    }
}
