package io.energycorrelator.operations;

import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.influx.RequestTimer;

import java.time.Duration;

/**
 * Counts the write requests InfluxDB answered (/statistics {@code influx_writes_total}), told by the client's own
 * request interceptor ({@link RequestTimer}), so that no route step only counts: a write that landed, and one
 * InfluxDB refused for what it holds (it answered); not one it never answered (down, hung).
 */
public class InfluxWriteCounter implements RequestTimer.Listener {

    private final Statistics statistics;

    public InfluxWriteCounter(Statistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public void completed(RequestTimer.Operation operation, Duration took, boolean succeeded, boolean answered) {
        if (operation == RequestTimer.Operation.WRITE && answered) {
            statistics.influxWrite();
        }
    }
}
