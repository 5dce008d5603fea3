package io.energycorrelator.correlate;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** How a content enricher merges its answer: the watts (or null) go into a header, the body stays the event. */
public class StorePower implements AggregationStrategy {

    public static final String BEFORE = "PowerBeforeW";
    public static final String AFTER = "PowerAfterW";

    private final String header;

    public StorePower(String header) {
        this.header = header;
    }

    @Override
    public Exchange aggregate(Exchange original, Exchange resource) {
        original.getMessage().setHeader(header, resource.getMessage().getBody(Double.class));
        return original;
    }
}
