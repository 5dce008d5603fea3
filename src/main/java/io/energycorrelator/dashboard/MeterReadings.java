package io.energycorrelator.dashboard;

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

    private final StreamingQuery streaming;
    private final FluxQueries queries;
    private final double wattsPerUnit;

    /** @param wattsPerUnit 1 for a meter in W, 1000 for one in kW */
    public MeterReadings(StreamingQuery streaming, FluxQueries queries, double wattsPerUnit) {
        this.streaming = streaming;
        this.queries = queries;
        this.wattsPerUnit = wattsPerUnit;
    }

    public Window around(@Body DashboardRequests.MeterRequest request) {
        Instant from = request.around().minusSeconds(request.seconds());
        Instant to = request.around().plusSeconds(request.seconds());
        List<TimedReading> readings = new ArrayList<>();
        // range() excludes its stop: one nanosecond more keeps a reading exactly at "to".
        streaming.forEachRow(queries.meterReadings(from, to.plusNanos(1)), List.of("_time", "_value"), row -> {
            if (row.isNumber(1) && Double.isFinite(row.number(1))) {
                readings.add(new TimedReading(row.time(0), row.number(1) * wattsPerUnit));
            }
        });
        readings.sort(Comparator.comparing(TimedReading::time));
        return new Window(from.toString(), to.toString(),
                readings.stream().map(r -> new Reading(r.time().toString(), r.watts())).toList());
    }

    private record TimedReading(Instant time, double watts) {
    }
}
