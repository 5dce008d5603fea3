package io.energycorrelator.correlate;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
import io.energycorrelator.config.Settings;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.observe.Statistics;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the meter readings that a cycle's state changes need, with ONE range query: from the first event
 * − window/2 − max gap to the last event + window/2 + max gap. No events, no query.
 */
public class MeterWindowLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MeterWindowLoader.class);

    private final InfluxDBClient influx;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Duration halfWindow;
    private final Duration maxGap;

    public MeterWindowLoader(InfluxDBClient influx, FluxQueries queries, Statistics statistics, Settings settings) {
        this.influx = influx;
        this.queries = queries;
        this.statistics = statistics;
        this.halfWindow = settings.halfWindow();
        this.maxGap = settings.maxReadingGap();
    }

    public MeterWindow load(@Body List<StateChange> changes) {
        if (changes.isEmpty()) {
            return MeterWindow.empty(halfWindow, maxGap);
        }
        Instant first = changes.stream().map(StateChange::time).min(Instant::compareTo).orElseThrow();
        Instant last = changes.stream().map(StateChange::time).max(Instant::compareTo).orElseThrow();
        Duration reach = halfWindow.plus(maxGap);
        // range() excludes its stop: one nanosecond more keeps a reading exactly at the far edge.
        List<FluxTable> tables = influx.getQueryApi()
                .query(queries.meterReadings(first.minus(reach), last.plus(reach).plusNanos(1)));
        statistics.fluxQuery();
        List<MeterWindow.Reading> readings = new ArrayList<>();
        for (FluxTable table : tables) {
            for (FluxRecord record : table.getRecords()) {
                Double watts = watts(record.getValue());
                if (watts == null) {
                    if (statistics.skipped("meter_value_not_numeric")) {
                        LOG.warn("Skipped a meter reading (meter_value_not_numeric): {} at {}", record.getValue(), record.getTime());
                    }
                } else {
                    readings.add(new MeterWindow.Reading(record.getTime(), watts));
                }
            }
        }
        return new MeterWindow(readings, halfWindow, maxGap);
    }

    private static Double watts(Object value) {
        if (value instanceof Number number) {
            double w = number.doubleValue();
            return Double.isFinite(w) ? w : null;
        }
        return null;
    }
}
