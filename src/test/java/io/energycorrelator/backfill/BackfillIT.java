package io.energycorrelator.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.devices.DeviceEnergy;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LogLines;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /backfill correlates history through the same route logic; GET /backfill reports on it. */
@ExtendWith(InfluxDbExtension.class)
class BackfillIT {

    private static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));

    /** No live cycle runs: only the backfill writes. */
    private static Map<String, String> quiet(TestBucket bucket) {
        return RunningService.settingsFor(bucket, 3600);
    }

    private static ApiClient.Response post(RunningService service, String body) throws Exception {
        return service.send(HttpRequest.newBuilder(service.uri("/backfill"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build());
    }

    private static JsonNode awaitFinished(RunningService service) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode status = service.get("/backfill").json();
        while ("running".equals(status.get("status").asText()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            status = service.get("/backfill").json();
        }
        return status;
    }

    private static List<FluxRecord> deltas(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -30d)
                  |> filter(fn: (r) => r._measurement == "event_energy_correlation" and r._field == "power_delta_w")
                  |> group() |> sort(columns: ["_time"])""");
    }

    @Test
    void aHistoricalRangeIsCorrelatedInChunksAndARerunGivesTheSamePoints(TestBucket bucket) throws Exception {
        Instant a = DAY.plus(Duration.ofHours(9));
        Instant b = DAY.plus(Duration.ofHours(14));
        Instant small = DAY.plus(Duration.ofHours(15));
        Instant unmetered = DAY.plus(Duration.ofHours(16)).plusSeconds(300);
        Instant outside = DAY.plus(Duration.ofHours(30));
        bucket.write(meter(a.minusSeconds(5), 300), meter(a.plusSeconds(5), 2300), event(a, "switch.kettle", "switch", "on", "off"),
                meter(b.minusSeconds(5), 420), meter(b.plusSeconds(5), 360), event(b, "light.hall", "light", "off", "on"),
                // a 5 W step (below the threshold), and a state change with no meter reading around it
                meter(small.minusSeconds(5), 500), meter(small.plusSeconds(5), 505), event(small, "light.led", "light", "on", "off"),
                event(unmetered, "fan.attic", "fan", "on", "off"),
                meter(outside.minusSeconds(5), 0), meter(outside.plusSeconds(5), 100), event(outside, "fan.x", "fan", "on", "off"));
        String range = "{\"start\":\"" + DAY + "\",\"end\":\"" + DAY.plus(Duration.ofDays(1)) + "\"}";
        Map<String, String> settings = quiet(bucket);
        settings.put("correlator.max-cycle-span-minutes", "120"); // 12 chunks for the day

        try (RunningService service = RunningService.start(settings); LogLines log = LogLines.capture()) {
            ApiClient.Response accepted = post(service, range);
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.json().get("status").asText()).isEqualTo("running");

            JsonNode done = awaitFinished(service);
            assertThat(done.get("status").asText()).isEqualTo("completed");
            assertThat(done.get("start").asText()).isEqualTo(DAY.toString());
            assertThat(done.get("events_processed").asLong()).isEqualTo(4);
            assertThat(done.get("correlations_found").asLong()).isEqualTo(2);
            assertThat(done.get("correlations_written").asLong()).isEqualTo(2);
            assertThat(done.get("below_threshold").asLong()).isEqualTo(1);
            // a backfill reads its whole range: nothing in it is judged late
            assertThat(done.get("late_state_changes").asLong()).isZero();
            assertThat(done.get("skipped").toString()).isEqualTo("{\"no_meter_data\":1}");
            // the chunk that skipped it says so, once
            Instant chunkStart = DAY.plus(Duration.ofHours(16)).minusNanos(1);
            assertThat(log.lines()).filteredOn(l -> l.contains("io.energycorrelator.skipped")).containsExactly("WARN io.energycorrelator.skipped - "
                    + "Backfill chunk (" + chunkStart + ", " + chunkStart.plus(Duration.ofHours(2)) + "]: skipped 1 no_meter_data");
            assertThat(done.get("percent_done").asDouble()).isEqualTo(100.0);
            assertThat(done.get("error").isNull()).isTrue();
            List<FluxRecord> first = deltas(bucket);
            assertThat(first).extracting(FluxRecord::getTime).containsExactly(a, b);
            assertThat(first).extracting(FluxRecord::getValue).containsExactly(2000.0, -60.0);

            assertThat(post(service, range).status()).isEqualTo(202);
            assertThat(awaitFinished(service).get("status").asText()).isEqualTo("completed");
            List<FluxRecord> again = deltas(bucket);
            assertThat(again).extracting(FluxRecord::getTime).containsExactly(a, b);
            assertThat(again).extracting(FluxRecord::getValue).containsExactly(2000.0, -60.0);

            // the live statistics and watermark are the live cycle's alone
            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("total_events_processed").asLong()).isZero();
            assertThat(stats.get("watermark").isNull()).isTrue();
        }
    }

    private static List<FluxRecord> energyDays(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -30d)
                  |> filter(fn: (r) => r._measurement == "device_energy_daily")
                  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
                  |> group() |> sort(columns: ["_time"])""");
    }

    /** A lamp of 100 W on a 300 W house; a reading every minute over [from, to), and 5 s either side of each switching. */
    private static List<String> lampAndMeter(Instant from, Instant to, List<Instant> switchings) {
        List<String> lines = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
            lines.add(meter(t, 300 + (lampOn(t, switchings) ? 100 : 0)));
        }
        for (int i = 0; i < switchings.size(); i++) {
            Instant t = switchings.get(i);
            if (!t.isBefore(from) && t.isBefore(to)) {
                lines.add(meter(t.minusSeconds(5), lampOn(t.minusSeconds(5), switchings) ? 400 : 300));
                lines.add(meter(t.plusSeconds(5), lampOn(t.plusSeconds(5), switchings) ? 400 : 300));
                lines.add(event(t, "switch.lamp", "switch", i % 2 == 0 ? "on" : "off", i % 2 == 0 ? "off" : "on"));
            }
        }
        return lines;
    }

    /** On from each even switching to the next (the last on stays on). */
    private static boolean lampOn(Instant t, List<Instant> switchings) {
        boolean on = false;
        for (Instant s : switchings) {
            if (!t.isBefore(s)) {
                on = !on;
            }
        }
        return on;
    }

    @Test
    void aBackfillEndingFiveMinutesIntoADayCountsOnlyThoseFiveMinutesOfItUntilTheDataCoversItWhole(TestBucket bucket)
            throws Exception {
        Instant nextDay = DAY.plus(Duration.ofDays(1));
        // The lamp off since the evening before, on 10:00:30-10:30:30 and 11:00:30-11:15:30, then on from 20:00:30 on.
        List<Instant> switchings = List.of(DAY.minus(Duration.ofMinutes(30)).plusSeconds(30), DAY.minus(Duration.ofMinutes(29)),
                DAY.plus(Duration.ofMinutes(600)).plusSeconds(30), DAY.plus(Duration.ofMinutes(630)).plusSeconds(30),
                DAY.plus(Duration.ofMinutes(660)).plusSeconds(30), DAY.plus(Duration.ofMinutes(675)).plusSeconds(30),
                DAY.plus(Duration.ofHours(20)).plusSeconds(30));
        List<String> lines = lampAndMeter(DAY.minus(Duration.ofHours(1)), nextDay.plusSeconds(240), switchings);
        lines.add(meter(nextDay.plusSeconds(290), 400)); // the last reading: 4 min 50 s into the next day
        bucket.writeAll(lines);
        Map<String, String> settings = quiet(bucket);
        settings.put("correlator.energy.zone", "UTC");

        try (RunningService service = RunningService.start(settings)) {
            String range = "{\"start\":\"" + DAY + "\",\"end\":\"" + nextDay.plusSeconds(300) + "\"}";
            assertThat(post(service, range).status()).isEqualTo(202);
            assertThat(awaitFinished(service).get("status").asText()).isEqualTo("completed");

            List<FluxRecord> days = energyDays(bucket);
            assertThat(days).extracting(FluxRecord::getTime).containsExactly(DAY, nextDay);
            double onFirstDay = 1800 + 900 + 4 * 3600 - 30;
            assertThat(days.get(0).getValueByKey("on_seconds")).isEqualTo(onFirstDay);
            assertThat(days.get(0).getValueByKey("energy_wh")).isEqualTo(onFirstDay * 100 / 3600);
            assertThat(days.get(0).getValueByKey("covered_seconds")).isEqualTo(86_400.0);
            assertThat(days.get(0).getValueByKey("complete")).isEqualTo(true);
            // Not a whole day on: the five minutes the data reaches (to its last reading), marked incomplete.
            assertThat(days.get(1).getValueByKey("on_seconds")).isEqualTo(290.0);
            assertThat(days.get(1).getValueByKey("energy_wh")).isEqualTo(290.0 * 100 / 3600);
            assertThat(days.get(1).getValueByKey("covered_seconds")).isEqualTo(290.0);
            assertThat(days.get(1).getValueByKey("complete")).isEqualTo(false);

            // The rest of that day arrives; the next write of the daily energy computes it again, whole.
            Instant dayAfter = nextDay.plus(Duration.ofDays(1));
            bucket.writeAll(lampAndMeter(nextDay.plusSeconds(300), dayAfter.plusSeconds(61), switchings));
            DeviceEnergy energy = service.context().getRegistry().lookupByNameAndType("deviceEnergy", DeviceEnergy.class);
            service.context().createProducerTemplate().sendBody("direct:write-energy", energy.lastCompleteDay());

            List<FluxRecord> again = energyDays(bucket);
            assertThat(again).extracting(FluxRecord::getTime).containsExactly(DAY, nextDay, dayAfter);
            assertThat(again.get(1).getValueByKey("on_seconds")).isEqualTo(86_400.0);
            assertThat(again.get(1).getValueByKey("covered_seconds")).isEqualTo(86_400.0);
            assertThat(again.get(1).getValueByKey("complete")).isEqualTo(true);
            // yesterday, as far as the data reaches: its first minute
            assertThat(again.get(2).getValueByKey("on_seconds")).isEqualTo(60.0);
            assertThat(again.get(2).getValueByKey("complete")).isEqualTo(false);
        }
    }

    @Test
    void oneBackfillAtATime(TestBucket bucket) throws Exception {
        Map<String, String> settings = quiet(bucket);
        settings.put("correlator.max-cycle-span-minutes", "1"); // 43,200 chunks: long enough to be caught running
        try (RunningService service = RunningService.start(settings)) {
            String month = "{\"start\":\"" + DAY.minus(Duration.ofDays(30)) + "\",\"end\":\"" + DAY + "\"}";
            assertThat(post(service, month).status()).isEqualTo(202);

            ApiClient.Response second = post(service, month);
            JsonNode status = service.get("/backfill").json();

            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("error").asText()).isEqualTo("a backfill is already running; one at a time");
            assertThat(status.get("status").asText()).isEqualTo("running");
            assertThat(status.get("percent_done").asDouble()).isLessThan(100.0);
        }
    }

    @Test
    void aBadRangeGets400NamingTheProblem(TestBucket bucket) throws Exception {
        Instant now = Instant.now();
        Map<String, String> expected = Map.of(
                "{\"end\":\"2024-01-02T00:00:00Z\"}", "'start' is required: an RFC 3339 time such as 2024-03-01T00:00:00Z",
                "{\"start\":\"2024-01-01T00:00:00Z\"}", "'end' is required: an RFC 3339 time such as 2024-03-01T00:00:00Z",
                "{\"start\":\"yesterday\",\"end\":\"2024-01-02T00:00:00Z\"}",
                "'start' is not an RFC 3339 time (such as 2024-03-01T00:00:00Z): \"yesterday\"",
                "{\"start\":\"2024-01-01T00:00:00Z\\\") |> drop(columns: [\\\"_value\\\"])\",\"end\":\"2024-01-02T00:00:00Z\"}",
                "'start' is not an RFC 3339 time (such as 2024-03-01T00:00:00Z): \"2024-01-01T00:00:00Z\\\") |> drop(columns: [\\\"_value\\\"])\"",
                "{\"start\":\"2024-01-02T00:00:00Z\",\"end\":\"2024-01-01T00:00:00Z\"}", "'start' must be before 'end'",
                "{\"start\":\"" + now.minusSeconds(60) + "\",\"end\":\"" + now.plus(Duration.ofDays(1)) + "\"}",
                "'end' is in the future; a backfill covers history, the live cycle handles the rest",
                "{\"start\":\"2020-01-01T00:00:00Z\",\"end\":\"2024-01-01T00:00:00Z\"}",
                "the range is longer than 400 days (correlator.backfill.max-range-days)",
                "not json", "the body must be a JSON object: {\"start\": RFC 3339 time, \"end\": RFC 3339 time}",
                "[1, 2]", "the body must be a JSON object: {\"start\": RFC 3339 time, \"end\": RFC 3339 time}");
        try (RunningService service = RunningService.start(quiet(bucket))) {
            for (Map.Entry<String, String> e : expected.entrySet()) {
                ApiClient.Response answer = post(service, e.getKey());
                assertThat(answer.status()).as(e.getKey()).isEqualTo(400);
                assertThat(answer.json().get("error").asText()).as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(service.get("/backfill").json().get("status").asText()).isEqualTo("idle");
            assertThat(service.send(HttpRequest.newBuilder(service.uri("/backfill")).DELETE().build()).status()).isEqualTo(405);
        }
    }
}
