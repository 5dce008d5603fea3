package io.energycorrelator.backfill;

import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.RouteNames;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill's error handler calls this before it sends a failed chunk to correlate-range again: the attempt starts
 * afresh (its plan is the same; each concern's state is made anew by its beans as the range runs again) with nothing
 * the failed attempt found refused, and a WARN line says so.
 */
public class ChunkRedelivery implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger("io.energycorrelator.backfill");

    @Override
    public void process(Exchange exchange) {
        Cycle failed = exchange.getProperty(RouteNames.CYCLE, Cycle.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        int redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, 0, Integer.class);
        LOG.warn("Backfill chunk {} failed (attempt {} of {}), retrying: {}", failed, attempt, redeliveries + 1,
                cause == null ? "" : cause.getMessage());
        exchange.removeProperty(RouteNames.REFUSED_LINES);
    }
}
