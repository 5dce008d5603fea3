package io.energycorrelator.correlate;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * The splitter's aggregation: the body after the split is the list of correlations that passed the filter
 * (each marked there with the exchange property {@value #QUALIFIED}); each counts as found in its cycle.
 */
public class CorrelationBatch implements AggregationStrategy {

    public static final String QUALIFIED = "qualified";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange item) {
        Correlation qualified = item.getProperty(QUALIFIED, false, Boolean.class)
                ? item.getMessage().getBody(Correlation.class) : null;
        Exchange result = batch == null ? item : batch;
        List<Correlation> list = batch == null ? new ArrayList<>() : result.getMessage().getBody(List.class);
        if (qualified != null) {
            list.add(qualified);
            item.getProperty("cycle", Cycle.class).correlationFound();
        }
        result.getMessage().setBody(list);
        return result;
    }
}
