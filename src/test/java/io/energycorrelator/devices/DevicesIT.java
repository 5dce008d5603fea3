package io.energycorrelator.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
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
import static org.assertj.core.api.Assertions.within;

/**
 * Device profiles and daily energy on the real server: a lamp of 100 W switched on three times yesterday
 * (30, 15 and 45 minutes: 5,400 s on), backfilled. Its profiles are learned and stored, its energy for the
 * day is written (150 Wh), GET /devices shows both, and a restarted service restores the profiles.
 */
@ExtendWith(InfluxDbExtension.class)
class DevicesIT {

    private static final Instant YESTERDAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    private static final Instant[][] ON_PERIODS = {
        {at(10, 0), at(10, 30)}, {at(11, 0), at(11, 15)}, {at(12, 0), at(12, 45)}};

    private static Instant at(int hour, int minute) {
        return YESTERDAY.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    /** The house: 300 W, and 100 W more while the lamp is on; a reading every 5 s from 09:58 to 13:00. */
    private static void writeTheLampsDay(TestBucket bucket) {
        List<String> lines = new ArrayList<>();
        for (Instant t = at(9, 58).plusMillis(2500); t.isBefore(at(13, 0)); t = t.plusSeconds(5)) {
            boolean on = false;
            for (Instant[] period : ON_PERIODS) {
                on |= !t.isBefore(period[0]) && t.isBefore(period[1]);
            }
            lines.add(meter(t, on ? 400 : 300));
        }
        for (Instant[] period : ON_PERIODS) {
            lines.add(event(period[0], "switch.lamp", "switch", "on", "off"));
            lines.add(event(period[1], "switch.lamp", "switch", "off", "on"));
        }
        bucket.write(lines.toArray(String[]::new));
    }

    private static JsonNode backfillYesterday(RunningService service) throws Exception {
        String range = "{\"start\":\"" + YESTERDAY + "\",\"end\":\"" + YESTERDAY.plus(Duration.ofDays(1)) + "\"}";
        assertThat(service.send(HttpRequest.newBuilder(service.uri("/backfill"))
                .POST(HttpRequest.BodyPublishers.ofString(range)).header("Content-Type", "application/json").build())
                .status()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode status = service.get("/backfill").json();
        while ("running".equals(status.get("status").asText()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            status = service.get("/backfill").json();
        }
        return status;
    }

    private static List<FluxRecord> pivoted(TestBucket bucket, String measurement) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: -30d)
                  |> filter(fn: (r) => r._measurement == "%s")
                  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
                  |> group() |> sort(columns: ["_time"])""".formatted(measurement));
    }

    @Test
    void profilesAndDailyEnergyAreLearnedStoredServedAndRestored(TestBucket bucket) throws Exception {
        writeTheLampsDay(bucket);
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.remove("correlator.estimator"); // the default: profile

        try (RunningService service = RunningService.start(settings)) {
            JsonNode done = backfillYesterday(service);
            assertThat(done.get("status").asText()).isEqualTo("completed");
            assertThat(done.get("correlations_written").asLong()).isEqualTo(6);

            List<FluxRecord> profiles = pivoted(bucket, "device_power_profile");
            // One point per learning of each transition; the newest of each series is the profile.
            FluxRecord onStep = profiles.stream().filter(r -> "off->on".equals(r.getValueByKey("transition")))
                    .reduce((a, b) -> b).orElseThrow();
            FluxRecord offStep = profiles.stream().filter(r -> "on->off".equals(r.getValueByKey("transition")))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(onStep.getValueByKey("entity_id")).isEqualTo("switch.lamp");
            assertThat(onStep.getValueByKey("typical_step_w")).isEqualTo(100.0);
            assertThat(onStep.getValueByKey("count")).isEqualTo(3L);
            assertThat(onStep.getValueByKey("spread_w")).isEqualTo(0.0);
            assertThat(offStep.getValueByKey("typical_step_w")).isEqualTo(-100.0);
            assertThat(offStep.getValueByKey("count")).isEqualTo(3L);

            List<FluxRecord> energy = pivoted(bucket, "device_energy_daily");
            assertThat(energy).singleElement().satisfies(day -> {
                assertThat(day.getTime()).isEqualTo(YESTERDAY);
                assertThat(day.getValueByKey("entity_id")).isEqualTo("switch.lamp");
                assertThat(day.getValueByKey("on_seconds")).isEqualTo(5400.0);
                assertThat(day.getValueByKey("typical_power_w")).isEqualTo(100.0);
                assertThat((Double) day.getValueByKey("energy_wh")).isCloseTo(150.0, within(1e-9));
                // Its steps up and down agree, three a side: confidence 0.727, range 0.75 to 1.59 times the figure.
                assertThat(day.getValueByKey("confidence")).isEqualTo(0.727);
                assertThat((Double) day.getValueByKey("energy_wh_low")).isCloseTo(112.5, within(1e-9));
                assertThat((Double) day.getValueByKey("energy_wh_high")).isCloseTo(238.5, within(1e-9));
                assertThat(day.getValueByKey("estimate_source")).isEqualTo("profile");
            });

            JsonNode devices = service.get("/devices").json();
            assertThat(devices).hasSize(1);
            JsonNode lamp = devices.get(0);
            assertThat(lamp.get("entity_id").asText()).isEqualTo("switch.lamp");
            assertThat(lamp.get("energy_yesterday_wh").asDouble()).isCloseTo(150.0, within(1e-9));
            assertThat(lamp.get("energy_yesterday_wh_low").asDouble()).isCloseTo(112.5, within(1e-9));
            assertThat(lamp.get("energy_yesterday_wh_high").asDouble()).isCloseTo(238.5, within(1e-9));
            assertThat(lamp.get("energy_yesterday_confidence").asDouble()).isEqualTo(0.727);
            assertThat(lamp.get("energy_today_wh").asDouble()).isZero();
            // The data does not reach today: nothing valued, so no range nor confidence.
            assertThat(List.of(lamp.get("energy_today_wh_low"), lamp.get("energy_today_wh_high"), lamp.get("energy_today_confidence")))
                    .allMatch(JsonNode::isNull);
            assertThat(lamp.get("estimate_source").asText()).isEqualTo("profile");
            assertThat(lamp.get("typical_power_w").asDouble()).isEqualTo(100.0);
            assertThat(lamp.get("transitions")).extracting(t -> t.get("transition").asText())
                    .containsExactlyInAnyOrder("off->on", "on->off");

            ApiClient.Response one = service.get("/devices/switch.lamp");
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.json().get("recent_steps")).hasSize(6);
            assertThat(one.json().get("energy_yesterday_confidence").asDouble()).isEqualTo(0.727);
            assertThat(one.json().get("recent_steps").get(0).get("time").asText()).isEqualTo(at(12, 45).toString());
            assertThat(one.json().get("recent_steps").get(0).get("step_w").asDouble()).isEqualTo(-100.0);

            ApiClient.Response none = service.get("/devices/switch.nope");
            assertThat(none.status()).isEqualTo(404);
            assertThat(none.json().get("error").asText()).isEqualTo("no device profile nor configured power for switch.nope");
        }

        // A restarted service restores the profiles on its first cycle: the lamp switched on again a minute and a
        // half ago is read with its confident profile (the step itself always comes from the meter).
        Instant again = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(90);
        List<String> lines = new ArrayList<>();
        for (Instant t = again.minusSeconds(60).plusMillis(2500); t.isBefore(again.plusSeconds(60)); t = t.plusSeconds(5)) {
            lines.add(meter(t, t.isBefore(again) ? 300 : 400));
        }
        lines.add(event(again, "switch.lamp", "switch", "on", "off"));
        bucket.write(lines.toArray(String[]::new));
        Map<String, String> restart = RunningService.settingsFor(bucket, 0);
        restart.put("correlator.estimator", "profile");
        try (RunningService service = RunningService.start(restart)) {
            service.awaitCycles(1);
            JsonNode lamp = service.get("/devices/switch.lamp").json();
            assertThat(lamp.get("transitions")).extracting(t -> t.get("count").asInt()).containsExactlyInAnyOrder(4, 3);
            assertThat(lamp.get("recent_steps")).hasSize(7);
            List<FluxRecord> live = bucket.correlationPoints().stream().filter(r -> again.equals(r.getTime())).toList();
            assertThat(live).singleElement().satisfies(c -> {
                assertThat(c.getValueByKey("power_delta_w")).isEqualTo(100.0);
                assertThat(c.getValueByKey("estimate_source")).isEqualTo("profile");
            });
            assertThat(bucket.correlationPoints()).filteredOn(r -> !again.equals(r.getTime()))
                    .extracting(r -> r.getValueByKey("estimate_source")).containsOnly("meter");
        }
    }
}
