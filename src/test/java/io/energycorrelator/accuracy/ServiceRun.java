package io.energycorrelator.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.bench.DockerfileEnv;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.TestBucket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packaged service as a user runs it on history: its Home Assistant data in a bucket, the service started
 * on it as the Docker image starts it ({@code java $JAVA_OPTS -jar target/energy-correlator.jar}, the
 * {@code home-assistant} schema, every other setting its default), one {@code POST /backfill} per range, each awaited through {@code GET /backfill}; then what it
 * wrote, read back from InfluxDB.
 */
public final class ServiceRun {

    private static final long BACKFILL_TIMEOUT_SECONDS = 300;

    /**
     * What the service wrote: its correlations by {@link WrittenStep#key()}, its daily energy by entity (summed over
     * the days read) and each day's point with its range and confidence; and the state changes its backfills skipped,
     * by reason (GET /backfill).
     */
    public record Output(Map<String, WrittenStep> steps, Map<String, Double> energyWh, List<WrittenEnergy> energyDays,
            Map<String, Long> skipped) {
    }

    /** One {@code device_energy_daily} point: the device, the day's start, its energy, range and confidence. */
    public record WrittenEnergy(String entityId, Instant day, double energyWh, double lowWh, double highWh, double confidence) {
    }

    private ServiceRun() {
    }

    /**
     * Writes the rows, runs the service with the estimator on them, backfills each [start, end) in turn and reads
     * the output of [from, to).
     */
    public static Output run(TestBucket bucket, List<String> rows, String estimator, List<Instant[]> backfills,
            Instant from, Instant to) throws Exception {
        bucket.writeAll(rows);
        Map<String, String> env = new LinkedHashMap<>(PackagedService.environmentFor(bucket));
        env.put("CORRELATOR_ESTIMATOR", estimator);
        env.put("CORRELATOR_SCHEMA", "home-assistant");
        env.put("METER_ENTITY_ID", HomeAssistantRows.METER_ENTITY_ID);
        env.put("MQTT_URL", "");
        // The houses' days, and their true energy, are UTC days.
        env.put("ENERGY_TIME_ZONE", "UTC");
        Map<String, Long> skipped = new TreeMap<>();
        try (PackagedService service = PackagedService.start(env, DockerfileEnv.javaFlags())) {
            for (Instant[] range : backfills) {
                backfill(service.api(), range[0], range[1], service).path("skipped")
                        .fields().forEachRemaining(e -> skipped.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            }
        }
        return new Output(steps(bucket, from, to), energy(bucket, from, to), energyDays(bucket, from, to), skipped);
    }

    /** One backfill, awaited; GET /backfill's last answer. */
    private static JsonNode backfill(ApiClient api, Instant start, Instant end, PackagedService service) throws Exception {
        ApiClient.Response accepted = api.postJson("/backfill", "{\"start\":\"" + start + "\",\"end\":\"" + end + "\"}");
        if (accepted.status() != 202) {
            throw new IllegalStateException("POST /backfill answered " + accepted.status() + ": " + accepted.body());
        }
        JsonNode done = api.await("/backfill", s -> !"running".equals(s.path("status").asText()), BACKFILL_TIMEOUT_SECONDS);
        if (!"completed".equals(done.path("status").asText())) {
            throw new IllegalStateException("the backfill of [" + start + ", " + end + ") ended " + done + "\n" + service.output());
        }
        return done;
    }

    static Map<String, WrittenStep> steps(TestBucket bucket, Instant from, Instant to) {
        Map<String, WrittenStep> steps = new HashMap<>();
        for (FluxRecord r : bucket.query(range(from, to) + """
                  |> filter(fn: (r) => r._measurement == "event_energy_correlation")
                  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")""")) {
            WrittenStep step = new WrittenStep((String) r.getValueByKey("entity_id"), r.getTime(),
                    number(r, "power_delta_w"), number(r, "confidence"), (String) r.getValueByKey("estimate_source"));
            steps.put(step.key(), step);
        }
        return steps;
    }

    static Map<String, Double> energy(TestBucket bucket, Instant from, Instant to) {
        Map<String, Double> energy = new HashMap<>();
        for (FluxRecord r : bucket.query(range(from, to) + """
                  |> filter(fn: (r) => r._measurement == "device_energy_daily" and r._field == "energy_wh")""")) {
            energy.merge((String) r.getValueByKey("entity_id"), ((Number) r.getValue()).doubleValue(), Double::sum);
        }
        return energy;
    }

    static List<WrittenEnergy> energyDays(TestBucket bucket, Instant from, Instant to) {
        List<WrittenEnergy> days = new ArrayList<>();
        for (FluxRecord r : bucket.query(range(from, to) + """
                  |> filter(fn: (r) => r._measurement == "device_energy_daily")
                  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")""")) {
            days.add(new WrittenEnergy((String) r.getValueByKey("entity_id"), r.getTime(), number(r, "energy_wh"),
                    number(r, "energy_wh_low"), number(r, "energy_wh_high"), number(r, "confidence")));
        }
        return days;
    }

    private static String range(Instant from, Instant to) {
        return "from(bucket: BUCKET) |> range(start: " + from + ", stop: " + to + ")\n";
    }

    private static double number(FluxRecord r, String field) {
        Object value = r.getValueByKey(field);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
