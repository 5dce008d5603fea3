package io.energycorrelator.bench;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.WritePrecision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic benchmark data in the default layout: a 1 Hz whole-house meter over consecutive windows and,
 * in each window, N state changes of 200 switches (15-315 W each) spread over it at random (seeded), at least
 * 10 s from the window's edges, the meter stepping by each switch's load, plus a little noise. A cycle that
 * spans exactly one window (the benchmark stores the watermark at the first window's start and caps a
 * cycle's span at a window) handles exactly that window's N state changes.
 */
final class SyntheticHouse {

    private static final int SWITCHES = 200;
    private static final int BATCH = 10_000;
    private static final long EDGE_MILLIS = 10_000;

    record Event(Instant time, String entityId, boolean on) {
    }

    final Instant start;
    final Instant end;
    final List<Event> events;
    private final double[] loadW = new double[SWITCHES];

    SyntheticHouse(Instant start, int windows, Duration window, int eventsPerWindow, long seed) {
        this.start = start;
        this.end = start.plus(window.multipliedBy(windows));
        Random random = new Random(seed);
        for (int i = 0; i < SWITCHES; i++) {
            loadW[i] = 15 + random.nextInt(300); // 200 devices of 15-315 W: at most ~33 kW with all on
        }
        boolean[] on = new boolean[SWITCHES];
        events = new ArrayList<>(windows * eventsPerWindow);
        for (int w = 0; w < windows; w++) {
            long windowStart = start.plus(window.multipliedBy(w)).toEpochMilli();
            long spanMillis = window.toMillis() - 2 * EDGE_MILLIS;
            long[] times = new long[eventsPerWindow];
            for (int i = 0; i < eventsPerWindow; i++) {
                times[i] = windowStart + EDGE_MILLIS + (long) (random.nextDouble() * spanMillis);
            }
            Arrays.sort(times);
            for (long t : times) {
                int s = random.nextInt(SWITCHES);
                on[s] = !on[s];
                events.add(new Event(Instant.ofEpochMilli(t).plusNanos(random.nextInt(1_000_000)), "switch.device_" + s, on[s]));
            }
        }
    }

    /** Writes the meter (1 Hz) and the state changes; returns how many points were written. */
    long write(InfluxDBClient client, String bucket, String org) {
        var api = client.getWriteApiBlocking();
        List<String> lines = new ArrayList<>(BATCH);
        long written = 0;
        double watts = 300;
        int next = 0;
        Random noise = new Random(7);
        for (long s = start.getEpochSecond(); s < end.getEpochSecond(); s++) {
            while (next < events.size() && events.get(next).time().getEpochSecond() < s) {
                Event e = events.get(next++);
                int i = Integer.parseInt(e.entityId().substring("switch.device_".length()));
                watts += e.on() ? loadW[i] : -loadW[i];
            }
            lines.add("smart_meter total_power_w=" + Math.round((watts + noise.nextGaussian() * 2) * 10) / 10.0 + " " + s * 1_000_000_000L);
            if (lines.size() == BATCH) {
                api.writeRecords(bucket, org, WritePrecision.NS, lines);
                written += lines.size();
                lines.clear();
            }
        }
        for (Event e : events) {
            long ns = e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano();
            String state = e.on() ? "on" : "off";
            lines.add("home_assistant_events,entity_id=" + e.entityId() + ",domain=switch state_value=\"" + state
                    + "\",previous_state=\"" + (e.on() ? "off" : "on") + "\" " + ns);
            if (lines.size() == BATCH) {
                api.writeRecords(bucket, org, WritePrecision.NS, lines);
                written += lines.size();
                lines.clear();
            }
        }
        if (!lines.isEmpty()) {
            api.writeRecords(bucket, org, WritePrecision.NS, lines);
            written += lines.size();
        }
        return written;
    }
}
