package io.energycorrelator.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What Home Assistant's InfluxDB integration wrote for the house of {@link HomeAssistantExtension}, read back with
 * Flux: the state rows of its switch and light (measurement = the entity id, tags domain and entity_id without the
 * domain, field state) and the meter's rows (measurement W, entity_id house_power, field value).
 */
public final class HomeAssistantRows {

    /** A state row: when, whose (full entity id), which state. */
    public record Row(Instant time, String entityId, String state) {
    }

    /** A meter row: when, how many watts. */
    public record Reading(Instant time, double watts) {
    }

    private final TestBucket bucket;
    private final Instant since;

    /** The rows of the bucket from {@code since} on. */
    public HomeAssistantRows(TestBucket bucket, Instant since) {
        this.bucket = bucket;
        this.since = since;
    }

    /** The switch's and the light's state rows, oldest first. */
    public List<Row> states() {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: %s)
                  |> filter(fn: (r) => (r.domain == "switch" or r.domain == "light") and r._field == "state")
                  |> group() |> sort(columns: ["_time"])""".formatted(since))
                .stream().map(r -> new Row(r.getTime(), r.getValueByKey("domain") + "." + r.getValueByKey("entity_id"),
                        (String) r.getValue())).toList();
    }

    /** The meter's rows, oldest first. */
    public List<Reading> meter() {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: %s)
                  |> filter(fn: (r) => r._measurement == "W" and r.entity_id == "house_power" and r._field == "value")
                  |> group() |> sort(columns: ["_time"])""".formatted(since))
                .stream().map(r -> new Reading(r.getTime(), ((Number) r.getValue()).doubleValue())).toList();
    }

    /** The time of the newest row of either kind, or {@code since} when there is none. */
    public Instant newest() {
        Instant newest = since;
        for (Row row : states()) {
            newest = row.time().isAfter(newest) ? row.time() : newest;
        }
        for (Reading reading : meter()) {
            newest = reading.time().isAfter(newest) ? reading.time() : newest;
        }
        return newest;
    }

    /** Sleeps until the instant (not at all if it has passed). */
    public static void sleepUntil(Instant instant) throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), instant).toMillis()));
    }
}
