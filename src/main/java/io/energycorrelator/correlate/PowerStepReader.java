package io.energycorrelator.correlate;

import io.energycorrelator.estimate.StepEstimator;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The resource behind the content enricher: the power step of the state change in the body, read by the
 * configured estimator from the cycle's meter readings in memory (no query per event); an empty body when
 * the readings around it cannot tell. A backfill reads with the meter alone ({@link StepEstimator#meterOnly}). A processor the route names, called directly per state change (a bean
 * method would be bound to its parameters by reflection each time).
 */
public class PowerStepReader implements Processor {

    private final StepEstimator estimator;
    private final StepEstimator meterOnly;

    public PowerStepReader(StepEstimator estimator) {
        this.estimator = estimator;
        this.meterOnly = estimator.meterOnly();
    }

    @Override
    public void process(Exchange exchange) {
        StateChange change = exchange.getMessage().getBody(StateChange.class);
        MeterWindow window = exchange.getProperty(RouteNames.METER_WINDOW, MeterWindow.class);
        Cycle cycle = exchange.getProperty(RouteNames.CYCLE, Cycle.class);
        StepEstimator rule = cycle != null && cycle.run() == Cycle.Run.BACKFILL ? meterOnly : estimator;
        exchange.getMessage().setBody(rule.estimate(window, change));
    }
}
