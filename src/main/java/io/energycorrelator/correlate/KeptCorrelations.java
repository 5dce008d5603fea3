package io.energycorrelator.correlate;

import io.energycorrelator.model.Correlation;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * The splitter's aggregation: the body after the split is the list of correlations that passed the route's
 * two filters (Camel records each filter's verdict in the exchange property its {@code statusPropertyName}
 * names). What was kept and what a filter dropped ({@code no_meter_data} or below the threshold) is counted here, in
 * the range's {@link CorrelationsKept} (the exchange property {@value RouteNames#CORRELATIONS_KEPT}), made afresh by
 * each split: on its first item, or when it had none.
 */
public class KeptCorrelations implements AggregationStrategy {

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange kept, Exchange item) {
        Exchange result = kept == null ? item : kept;
        List<Correlation> list = kept == null ? new ArrayList<>() : result.getMessage().getBody(List.class);
        CorrelationsKept tally;
        if (kept == null) {
            // The first item's exchange becomes the result, whose properties Camel copies back after the split.
            tally = new CorrelationsKept();
            result.setProperty(RouteNames.CORRELATIONS_KEPT, tally);
        } else {
            tally = result.getProperty(RouteNames.CORRELATIONS_KEPT, CorrelationsKept.class);
        }
        if (recheckedAfterStart(item)) {
            // judged again on the first cycle after a start: counted only as the correlation it makes now
            if (item.getProperty(RouteNames.HAS_POWER_STEP, false, Boolean.class)
                    && item.getProperty(RouteNames.ABOVE_THRESHOLD, false, Boolean.class)) {
                list.add(item.getMessage().getBody(Correlation.class));
                tally.addFoundAfterStart();
            }
        } else if (!item.getProperty(RouteNames.HAS_POWER_STEP, false, Boolean.class)) {
            tally.skip(SkipLog.NO_METER_DATA, "a state change without meter readings around it");
        } else if (!item.getProperty(RouteNames.ABOVE_THRESHOLD, false, Boolean.class)) {
            tally.addBelowThreshold();
        } else {
            list.add(item.getMessage().getBody(Correlation.class));
            tally.addFound();
        }
        result.getMessage().setBody(list);
        return result;
    }

    /** The split is over: its tally goes to the range's exchange; an empty split kept nothing. */
    @Override
    public void onCompletion(Exchange result, Exchange input) {
        CorrelationsKept tally = result == null ? null : result.getProperty(RouteNames.CORRELATIONS_KEPT, CorrelationsKept.class);
        if (input != null) {
            input.setProperty(RouteNames.CORRELATIONS_KEPT, result == null ? new CorrelationsKept() : tally);
        }
    }

    /** The split item's state change (the range's judged list, by the split's index) is one judged again after a start. */
    private static boolean recheckedAfterStart(Exchange item) {
        LookBack lookBack = item.getProperty(RouteNames.LOOK_BACK, LookBack.class);
        Integer index = item.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        return index != null && lookBack != null && index < lookBack.judged().size()
                && lookBack.isRecheckedAfterStart(lookBack.judged().get(index));
    }
}
