package io.energycorrelator.bench;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark only: the original design's approach, two Flux queries per state change (the last reading
 * before event − 5 s, the first after event + 5 s), then one write. Kept here to measure our speed-up
 * against it; never part of the service.
 */
final class PerEventBaseline {

    private PerEventBaseline() {
    }

    /** Correlates the state changes in [start, end) of the bucket; returns how many correlations it wrote. */
    static int run(InfluxDBClient client, String bucket, String org, Instant start, Instant end) {
        var query = client.getQueryApi();
        List<FluxRecord> events = query.query("from(bucket: \"" + bucket + "\") |> range(start: " + start + ", stop: " + end + ")"
                + " |> filter(fn: (r) => r._measurement == \"home_assistant_events\" and r._field == \"state_value\")"
                + " |> group() |> sort(columns: [\"_time\"])", org).stream()
                .map(FluxTable::getRecords).flatMap(List::stream).toList();
        List<Point> points = new ArrayList<>();
        for (FluxRecord event : events) {
            Instant t = event.getTime();
            Double before = single(client, bucket, org, "range(start: " + t.minusSeconds(35) + ", stop: " + t.minusSeconds(5).plusNanos(1) + ")", "last");
            Double after = single(client, bucket, org, "range(start: " + t.plusSeconds(5) + ", stop: " + t.plusSeconds(35) + ")", "first");
            if (before != null && after != null && Math.abs(after - before) >= 10) {
                points.add(Point.measurement("baseline_correlation").time(t, WritePrecision.NS)
                        .addTag("entity_id", (String) event.getValueByKey("entity_id"))
                        .addField("power_before_w", before).addField("power_after_w", after));
            }
        }
        for (int i = 0; i < points.size(); i += 5000) {
            client.getWriteApiBlocking().writePoints(bucket, org, points.subList(i, Math.min(points.size(), i + 5000)));
        }
        return points.size();
    }

    private static Double single(InfluxDBClient client, String bucket, String org, String range, String selector) {
        List<FluxTable> tables = client.getQueryApi().query("from(bucket: \"" + bucket + "\") |> " + range
                + " |> filter(fn: (r) => r._measurement == \"smart_meter\" and r._field == \"total_power_w\") |> " + selector + "()", org);
        return tables.isEmpty() || tables.get(0).getRecords().isEmpty() ? null : (Double) tables.get(0).getRecords().get(0).getValue();
    }
}
