package io.energycorrelator.correlate;

import io.energycorrelator.model.Correlation;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * The splitter's aggregation: the body after the split is the list of correlations that passed the route's
 * two filters (Camel records each filter's verdict in the exchange property its {@code statusPropertyName}
 * names). What a filter dropped is counted in the cycle here: {@code no_meter_data} or below the threshold.
 */
public class KeptCorrelations implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange kept, Exchange item) {
        Exchange result = kept == null ? item : kept;
        List<Correlation> list = kept == null ? new ArrayList<>() : result.getMessage().getBody(List.class);
        Cycle cycle = item.getProperty(RouteNames.CYCLE, Cycle.class);
        if (recheckedAfterStart(item, cycle)) {
            // judged again on the first cycle after a start: counted only as the correlation it makes now
            if (item.getProperty(RouteNames.HAS_POWER_STEP, false, Boolean.class)
                    && item.getProperty(RouteNames.ABOVE_THRESHOLD, false, Boolean.class)) {
                list.add(item.getMessage().getBody(Correlation.class));
                cycle.eventsProcessed(1);
                cycle.correlationsFound(1);
            }
        } else if (!item.getProperty(RouteNames.HAS_POWER_STEP, false, Boolean.class)) {
            SkipLog.skipped(cycle, SkipLog.NO_METER_DATA, "a state change without meter readings around it");
        } else if (!item.getProperty(RouteNames.ABOVE_THRESHOLD, false, Boolean.class)) {
            cycle.belowThreshold();
        } else {
            list.add(item.getMessage().getBody(Correlation.class));
            cycle.correlationsFound(1);
        }
        result.getMessage().setBody(list);
        return result;
    }

    /** The split item's state change (the cycle's judged list, by the split's index) is one judged again after a start. */
    private static boolean recheckedAfterStart(Exchange item, Cycle cycle) {
        Integer index = item.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        return index != null && index < cycle.judged().size() && cycle.isRecheckedAfterStart(cycle.judged().get(index));
    }
}
