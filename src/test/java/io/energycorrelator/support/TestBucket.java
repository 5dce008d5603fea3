package io.energycorrelator.support;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;

import java.util.List;

/** A test class's own bucket on the real InfluxDB server, with an all-access client to it. */
public record TestBucket(InfluxDbServer server, String name, String id, InfluxDBClient client)
        implements AutoCloseable {

    public String url() {
        return server.url();
    }

    public String token() {
        return server.token();
    }

    public String org() {
        return server.org();
    }

    /** Writes line protocol (nanosecond timestamps) and waits until InfluxDB accepted it. */
    public void write(String... lines) {
        client.getWriteApiBlocking().writeRecords(name, server.org(), WritePrecision.NS, List.of(lines));
    }

    /** Runs a Flux query whose text may use BUCKET for this bucket's name; returns every record. */
    public List<FluxRecord> query(String flux) {
        return client.getQueryApi().query(flux.replace("BUCKET", "\"" + name + "\""), server.org()).stream()
                .map(FluxTable::getRecords).flatMap(List::stream).toList();
    }

    /** The service's output points (event_energy_correlation), one record per point with its fields as columns, oldest first. */
    public List<FluxRecord> correlationPoints() {
        return query("""
                from(bucket: BUCKET) |> range(start: -400d)
                  |> filter(fn: (r) => r._measurement == "event_energy_correlation")
                  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
                  |> group() |> sort(columns: ["_time"])""");
    }

    @Override
    public void close() {
        client.getBucketsApi().deleteBucket(id);
        client.close();
    }
}
