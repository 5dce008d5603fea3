package io.energycorrelator.dashboard;

import com.influxdb.client.InfluxDBClient;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import org.apache.camel.Body;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GET /api/meter: the whole-house power readings around an instant, in watts, oldest first, read with the
 * same query (and the same layout settings) as the correlation cycle reads them. Values that are not numbers
 * are left out; the dashboard draws what the meter said, plausible or not.
 */
public class MeterReadings {

    /** The readings in [from, to]. */
    public record Window(String from, String to, List<Reading> readings) {
    }

    public record Reading(String time, double watts) {
    }

    private final InfluxDBClient influx;
    private final FluxQueries queries;
    private final double wattsPerUnit;

    /** @param wattsPerUnit 1 for a meter in W, 1000 for one in kW */
    public MeterReadings(InfluxDBClient influx, FluxQueries queries, double wattsPerUnit) {
        this.influx = influx;
        this.queries = queries;
        this.wattsPerUnit = wattsPerUnit;
    }

    public Window around(@Body DashboardRequests.MeterRequest request) {
        Instant from = request.around().minusSeconds(request.seconds());
        Instant to = request.around().plusSeconds(request.seconds());
        List<TimedReading> readings = new ArrayList<>();
        // range() excludes its stop: one nanosecond more keeps a reading exactly at "to".
        StreamingQuery.forEachRecord(influx.getQueryApi(), queries.meterReadings(from, to.plusNanos(1)), record -> {
            if (record.getValue() instanceof Number watts && Double.isFinite(watts.doubleValue())) {
                readings.add(new TimedReading(record.getTime(), watts.doubleValue() * wattsPerUnit));
            }
        });
        readings.sort(Comparator.comparing(TimedReading::time));
        return new Window(from.toString(), to.toString(),
                readings.stream().map(r -> new Reading(r.time().toString(), r.watts())).toList());
    }

    private record TimedReading(Instant time, double watts) {
    }
}
