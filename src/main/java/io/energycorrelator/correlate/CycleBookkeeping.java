package io.energycorrelator.correlate;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeExtension;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correlation route's bookkeeping, kept off its steps ({@code routePolicy: "#cycleBookkeeping"}): once a live
 * cycle is over, its tally counts in the statistics, or its failure with the reason; its skipped records are logged
 * in one line ({@link SkipLog}), and the cycle in another, what it did and how long it took (scripts/bench.sh reads
 * that line). A tick that planned no cycle (a node that no longer leads) counts nothing.
 */
public class CycleBookkeeping extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger("io.energycorrelator.cycle");

    private final Statistics statistics;
    private final SkipLog skipLog;

    public CycleBookkeeping(Statistics statistics, SkipLog skipLog) {
        this.statistics = statistics;
        this.skipLog = skipLog;
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        boolean failed = failed(exchange);
        Cycle cycle = exchange.getProperty(RouteNames.CYCLE, Cycle.class);
        if (!failed && cycle == null) {
            return;
        }
        statistics.cycleStarted();
        if (failed) {
            // The route's error handler (cycle-errors) handled it: the exception is the one it caught.
            Throwable failure = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            statistics.cycleFailed(failure == null ? "unknown" : failure.getMessage());
            return;
        }
        CycleOutcome outcome = CycleTally.outcome(exchange);
        statistics.cycleSucceeded(outcome);
        skipLog.summarize(cycle, outcome);
        LOG.info("{} done in {} ms: {} state changes, {} correlations written", cycle, exchange.getClock().elapsed(),
                outcome.eventsProcessed(), outcome.correlationsWritten());
    }

    /**
     * Whether the cycle failed: its route's error handler handled an exception (or none did). Not the exception
     * caught property, which a doCatch sets too (a write whose refused points were skipped).
     */
    public static boolean failed(Exchange exchange) {
        ExchangeExtension extension = exchange.getExchangeExtension();
        return exchange.isFailed() || extension.isErrorHandlerHandledSet() && extension.isErrorHandlerHandled();
    }
}
