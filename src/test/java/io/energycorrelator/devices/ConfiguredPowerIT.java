package io.energycorrelator.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configured power on the real server: the lamp draws 100 W (the meter shows it), but the device power file says
 * 60 W on and 1 W standby. Backfilled, its day is valued at the configured figures ({@code estimate_source=configured}),
 * and GET /devices shows 60 W configured beside the 100 W learned, flagged as disagreeing; a configured entity
 * never seen is listed with its figures alone.
 */
@ExtendWith(InfluxDbExtension.class)
class ConfiguredPowerIT {

    private static final Instant YESTERDAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
    private static final Instant[][] ON_PERIODS = {
        {at(10, 0), at(10, 30)}, {at(11, 0), at(11, 15)}, {at(12, 0), at(12, 45)}};
    /** The lamp's day at its configured 60 W (1 W standby): see the test. */
    private static final double WH = (5400.0 * 60 + 5397.5 * 1) / 3600;

    @TempDir
    Path dir;

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

    @Test
    void theConfiguredPowerValuesTheDayAndStandsBesideTheLearnedOne(TestBucket bucket) throws Exception {
        writeTheLampsDay(bucket);
        Path file = dir.resolve("device-power.txt");
        Files.writeString(file, "# entity_id power standby_power\nswitch.lamp 60 1\nlight.porch 40\n");
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.put("correlator.energy.device-power-file", file.toString());

        try (RunningService service = RunningService.start(settings)) {
            String range = "{\"start\":\"" + YESTERDAY + "\",\"end\":\"" + YESTERDAY.plus(Duration.ofDays(1)) + "\"}";
            assertThat(service.send(HttpRequest.newBuilder(service.uri("/backfill"))
                    .POST(HttpRequest.BodyPublishers.ofString(range)).header("Content-Type", "application/json").build())
                    .status()).isEqualTo(202);
            long deadline = System.currentTimeMillis() + 60_000;
            while ("running".equals(service.get("/backfill").json().get("status").asText())
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(service.get("/backfill").json().get("status").asText()).isEqualTo("completed");

            // Covered from the first state row (10:00) to the last meter reading (12:59:57.5): 10,797.5 s, of
            // which 5,400 s on (at 60 W) and 5,397.5 s off (at 1 W standby).
            List<FluxRecord> energy = bucket.query("""
                    from(bucket: BUCKET) |> range(start: -30d)
                      |> filter(fn: (r) => r._measurement == "device_energy_daily")
                      |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")""");
            assertThat(energy).singleElement().satisfies(day -> {
                assertThat(day.getTime()).isEqualTo(YESTERDAY);
                assertThat(day.getValueByKey("entity_id")).isEqualTo("switch.lamp");
                assertThat(day.getValueByKey("estimate_source")).isEqualTo("configured");
                assertThat(day.getValueByKey("on_seconds")).isEqualTo(5400.0);
                assertThat(day.getValueByKey("covered_seconds")).isEqualTo(10_797.5);
                assertThat(day.getValueByKey("typical_power_w")).isEqualTo(60.0);
                // A configured power's rule, measured on REFIT: confidence 0.677, range 0.86 to 6.86 times.
                assertThat(day.getValueByKey("confidence")).isEqualTo(0.677);
                assertThat(day.getValueByKey("energy_wh")).isEqualTo(WH);
                assertThat(day.getValueByKey("energy_wh_low")).isEqualTo(WH * 0.86);
                assertThat(day.getValueByKey("energy_wh_high")).isEqualTo(WH * 6.86);
            });

            JsonNode devices = service.get("/devices").json();
            assertThat(devices).isEqualTo(new ObjectMapper().readTree("""
                    [{"entity_id":"switch.lamp","transitions":[
                       {"transition":"off->on","typical_step_w":100.0,"spread_w":0.0,"count":3,"confidence":0.5,"last_seen":"%s"},
                       {"transition":"on->off","typical_step_w":-100.0,"spread_w":0.0,"count":3,"confidence":0.5,"last_seen":"%s"}],
                      "typical_power_w":60.0,"energy_today_wh":null,"energy_today_wh_low":null,"energy_today_wh_high":null,
                      "energy_today_confidence":null,"energy_yesterday_wh":%s,"energy_yesterday_wh_low":%s,
                      "energy_yesterday_wh_high":%s,"energy_yesterday_confidence":0.677,"estimate_source":"configured",
                      "configured_power_w":60.0,"configured_standby_w":1.0,"learned_power_w":100.0,"power_disagrees":true},
                     {"entity_id":"light.porch","transitions":[],"typical_power_w":null,"energy_today_wh":null,
                      "energy_today_wh_low":null,"energy_today_wh_high":null,"energy_today_confidence":null,
                      "energy_yesterday_wh":null,"energy_yesterday_wh_low":null,"energy_yesterday_wh_high":null,
                      "energy_yesterday_confidence":null,"estimate_source":"configured",
                      "configured_power_w":40.0,"configured_standby_w":0.0,"learned_power_w":null,
                      "power_disagrees":null}]""".formatted(at(12, 0), at(12, 45), WH, WH * 0.86, WH * 6.86)));
        }
    }
}
