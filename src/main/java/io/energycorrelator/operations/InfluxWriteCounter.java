package io.energycorrelator.operations;

import io.energycorrelator.correlate.Statistics;

import com.influxdb.exceptions.InfluxException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts the write requests InfluxDB answered (/statistics {@code influx_writes_total}) from Camel's own event of
 * each exchange sent to a camel-influxdb2 endpoint, so that no route step only counts: a write that landed, and one
 * InfluxDB refused for what it holds (it answered); not one it never answered (down, hung).
 */
public class InfluxWriteCounter extends EventNotifierSupport {

    private final Statistics statistics;

    public InfluxWriteCounter(Statistics statistics) {
        this.statistics = statistics;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    /** Sending too: Camel times a send, and tells of its end, only when a notifier took its start. */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSendingEvent sending && sending.getEndpoint().getEndpointUri().startsWith("influxdb2:")
                || event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith("influxdb2:");
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent) {
            Exception failure = sent.getExchange().getException();
            if (failure == null || failure instanceof InfluxException influx && influx.status() > 0) {
                statistics.influxWrite();
            }
        }
    }
}
