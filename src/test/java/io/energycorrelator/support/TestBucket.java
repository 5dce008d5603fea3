package io.energycorrelator.support;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.BucketRetentionRules;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;

import java.time.Duration;
import java.util.List;

/** A test's own bucket on a real InfluxDB server, with an all-access client to it. */
public record TestBucket(InfluxDb server, String name, String id, InfluxDBClient client)
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

    /**
     * Another bucket on the same server, named after this one with the suffix, that keeps data for the given time
     * (on 1.8: a database whose default retention policy has that duration). Closing it deletes it.
     */
    public TestBucket sibling(String suffix, Duration retention) {
        String base = server.v18() ? id : name;
        if (server.v18()) {
            InfluxQl.createDatabase(server, base + suffix, retention.toSeconds());
            return new TestBucket(server, base + suffix + "/autogen", base + suffix, client);
        }
        String orgId = client.getOrganizationsApi().findOrganizations().stream()
                .filter(o -> o.getName().equals(server.org())).findFirst().orElseThrow().getId();
        Bucket bucket = client.getBucketsApi().createBucket(new Bucket().name(base + suffix).orgID(orgId)
                .retentionRules(List.of(new BucketRetentionRules().everySeconds((int) retention.toSeconds()))));
        return new TestBucket(server, bucket.getName(), bucket.getId(), client);
    }

    /** Deletes this bucket, leaving the client open (for a {@link #sibling}, whose client is its origin's). */
    public void delete() {
        if (server.v18()) {
            InfluxQl.dropDatabase(server, id);
        } else {
            client.getBucketsApi().deleteBucket(id);
        }
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

    /**
     * Waits until the service has written at least this many correlation points (fails after the timeout, showing what
     * there is); returns them, oldest first.
     */
    public List<FluxRecord> awaitCorrelationPoints(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<FluxRecord> points = correlationPoints();
        while (points.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service wrote " + points.size() + " correlations, not " + count + ", within "
                        + timeout + ":\n" + String.join("\n", correlationLines()));
            }
            Thread.sleep(500);
            points = correlationPoints();
        }
        return points;
    }

    /**
     * The service's output, point by point, in time order: one line per point with its time, its tags and its
     * fields, for comparing two runs exactly.
     */
    public List<String> correlationLines() {
        return correlationPoints().stream().map(r -> r.getTime() + " " + r.getValueByKey("entity_id") + " "
                + r.getValueByKey("domain") + " " + r.getValueByKey("previous_state") + "->" + r.getValueByKey("state")
                + " before=" + r.getValueByKey("power_before_w") + " after=" + r.getValueByKey("power_after_w")
                + " delta=" + r.getValueByKey("power_delta_w") + " pct=" + r.getValueByKey("power_delta_pct")
                + " overlapping=" + r.getValueByKey("overlapping_events") + " confidence=" + r.getValueByKey("confidence"))
                .toList();
    }

    /** Writes many lines in batches of 50,000. */
    public void writeAll(List<String> lines) {
        for (int from = 0; from < lines.size(); from += 50_000) {
            client.getWriteApiBlocking().writeRecords(name, server.org(), WritePrecision.NS,
                    lines.subList(from, Math.min(lines.size(), from + 50_000)));
        }
    }

    @Override
    public void close() {
        delete();
        client.close();
    }
}
