package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.energycorrelator.correlate.HomeAssistantSchemaIT.haPower;
import static io.energycorrelator.correlate.HomeAssistantSchemaIT.haState;
import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows that reach InfluxDB minutes after their time, once the watermark has passed them, as Home Assistant's
 * retry queue and Telegraf's buffer deliver them: correlated once, exactly as if they had come on time, and
 * counted as late; rows later than the late-data window are counted as too_late.
 */
@ExtendWith(InfluxDbExtension.class)
class LateRowsIT {

    /** A 1 Hz meter over [from, to): base watts, plus each step from its instant on. */
    private static List<String> meterReadings(Instant from, Instant to, double base, Map<Instant, Double> steps) {
        List<String> lines = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(1)) {
            double watts = base;
            for (Map.Entry<Instant, Double> step : steps.entrySet()) {
                if (!t.isBefore(step.getKey())) {
                    watts += step.getValue();
                }
            }
            lines.add(meter(t, watts));
        }
        return lines;
    }

    private static Map<String, String> everySecond(TestBucket bucket) {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.late-data-grace-seconds", "0");
        settings.remove("correlator.estimator"); // the default rule
        settings.put("correlator.lookback-minutes", "10");
        // readings missing for a while are late here, not a quiet meter whose last reading holds
        settings.put("correlator.meter.max-silence-seconds", "0");
        return settings;
    }

    /** Waits until the watermark has passed an instant. */
    private static void awaitWatermarkPast(RunningService service, Instant instant) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode watermark = service.get("/statistics").json().get("watermark");
            if (watermark != null && !watermark.isNull() && OffsetDateTime.parse(watermark.asText()).toInstant().isAfter(instant)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the watermark did not pass " + instant + " within 60 s");
    }

    @Test
    void stateChangesAndReadingsWrittenMinutesLateAreCorrelatedOnceAsIfOnTime(TestBucket onTime, TestBucket late) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // five lamps, a minute apart, 5.5 to 1.5 minutes ago
        Instant t1 = now.minusSeconds(330);
        Instant t2 = now.minusSeconds(270);
        Instant t3 = now.minusSeconds(210);
        Instant t4 = now.minusSeconds(150);
        Instant t5 = now.minusSeconds(90);
        Map<Instant, Double> steps = Map.of(t1, 60.0, t2, 100.0, t3, 1500.0, t4, 40.0, t5, 700.0);
        List<String> readings = meterReadings(t1.minusSeconds(60), t5.plusSeconds(60), 300, steps);
        String[] events = {event(t1, "light.one", "light", "on", "off"), event(t2, "light.two", "light", "on", "off"),
                event(t3, "switch.three", "switch", "on", "off"), event(t4, "light.four", "light", "on", "off"),
                event(t5, "switch.five", "switch", "on", "off")};
        // the readings around t3 (a Telegraf buffer) and t4 come late
        List<String> onTimeReadings = readings.stream().filter(l -> !near(l, t3) && !near(l, t4)).toList();
        List<String> lateReadings = readings.stream().filter(l -> near(l, t3) || near(l, t4)).toList();

        onTime.writeAll(readings);
        onTime.write(events);
        try (RunningService service = RunningService.start(everySecond(onTime))) {
            awaitWatermarkPast(service, t5.plusSeconds(30));
            assertThat(service.get("/statistics").json().get("late_state_changes").asLong()).isZero();
        }

        late.writeAll(onTimeReadings);
        late.write(events[0], events[2]); // t1 and t3 on time; t3's readings are late
        try (RunningService service = RunningService.start(everySecond(late))) {
            awaitWatermarkPast(service, t5.plusSeconds(30));
            service.awaitCycles(service.cyclesSoFar() + 2);
            JsonNode before = service.get("/statistics").json();
            assertThat(before.get("correlations_written").asLong()).isEqualTo(1);
            assertThat(before.get("skipped").get("no_meter_data").asLong()).isEqualTo(1);

            late.writeAll(lateReadings);             // readings 2.5-3.5 min late: t3's and, with its event, t4's
            late.write(events[1], events[3]);        // state changes 4.5 and 2.5 min late
            service.awaitCycles(service.cyclesSoFar() + 1);
            late.write(events[4]);                   // another while cycles run
            service.awaitCycles(service.cyclesSoFar() + 3);

            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("late_state_changes").asLong()).isEqualTo(4);
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(5);
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(5);
            assertThat(stats.get("skipped").has("too_late")).isFalse();
        }
        assertThat(late.correlationLines()).hasSize(5).isEqualTo(onTime.correlationLines());
    }

    /** Whether a meter line is within 25 s of an instant (more than the estimator reads, less than the next lamp). */
    private static boolean near(String meterLine, Instant t) {
        long nanos = Long.parseLong(meterLine.substring(meterLine.lastIndexOf(' ') + 1));
        return Math.abs(nanos - (t.getEpochSecond() * 1_000_000_000L)) <= 25_000_000_000L;
    }

    @Test
    void inHomeAssistantsLayoutALateRowIsCorrelatedWithTheStateBeforeIt(TestBucket onTime, TestBucket late) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant kettleOn = now.minusSeconds(200);
        Instant lampOn = now.minusSeconds(150);
        List<String> rows = new ArrayList<>();
        for (Instant t = kettleOn.minusSeconds(60); t.isBefore(lampOn.plusSeconds(60)); t = t.plusSeconds(10)) {
            // a meter that writes on change only every 10 s here, with the steps inside
            double w = 400 + (t.isBefore(kettleOn) ? 0 : 2000) + (t.isBefore(lampOn) ? 0 : 60);
            rows.add(haPower(t, "W", "grid_power", w));
        }
        String kettleBefore = haState(now.minusSeconds(3600), "switch", "kettle", "off", 0, "Kettle");
        String lampBefore = haState(now.minusSeconds(3600), "light", "lamp", "off", 0, "Lamp");
        String kettle = haState(kettleOn, "switch", "kettle", "on", 1, "Kettle");
        String lamp = haState(lampOn, "light", "lamp", "on", 1, "Lamp");
        Map<String, String> settings = Map.of("correlator.schema", "home-assistant", "correlator.meter.entity-id", "sensor.grid_power");

        onTime.writeAll(rows);
        onTime.write(kettleBefore, lampBefore, kettle, lamp);
        Map<String, String> first = everySecond(onTime);
        first.putAll(settings);
        try (RunningService service = RunningService.start(first)) {
            awaitWatermarkPast(service, lampOn.plusSeconds(30));
        }

        late.writeAll(rows);
        late.write(kettleBefore, lampBefore, lamp);
        Map<String, String> second = everySecond(late);
        second.putAll(settings);
        try (RunningService service = RunningService.start(second)) {
            awaitWatermarkPast(service, lampOn.plusSeconds(30));
            late.write(kettle); // Home Assistant's queue delivers it more than 3 min late
            service.awaitCycles(service.cyclesSoFar() + 3);
            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("late_state_changes").asLong()).isEqualTo(1);
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(2);
        }
        assertThat(late.correlationLines()).hasSize(2).isEqualTo(onTime.correlationLines());
        assertThat(late.correlationLines().get(0)).contains("switch.kettle switch off->on", "delta=2000.0");
    }

    /** A climate entity's row as Home Assistant writes it: a text state has no value field, attributes are fields. */
    private static String haClimate(Instant t, String objectId, String state, String action) {
        return "climate." + objectId + ",domain=climate,entity_id=" + objectId + " friendly_name_str=\"Heat pump\",hvac_action_str=\""
                + action + "\",state=\"" + state + "\",temperature=21 " + (t.getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void inHomeAssistantsLayoutALateRowThatChangesTheNextRowsPreviousStateReplacesItsPoint(TestBucket onTime, TestBucket late)
            throws Exception {
        lateRowReplacesThePointOfTheNextRow(onTime, late, "off", "heat", "cool");
    }

    @Test
    void theSameHoldsForStatesWithLineBreaksWhoseTagsAreStoredCleaned(TestBucket onTime, TestBucket late) throws Exception {
        lateRowReplacesThePointOfTheNextRow(onTime, late, "off", "heat\nmode", "cool\nquiet");
    }

    /**
     * off → heat → cool of one climate entity (Home Assistant's layout; cooling draws 300 W more than heating), all
     * rows on time in {@code onTime}, correlated there (the reference); the meter and the off and cool rows, without
     * the heat row, in {@code late}. Returns the heat row, for the test to deliver late.
     */
    private static HeldBack heatPumpWithTheHeatRowHeldBack(TestBucket onTime, TestBucket late, String off, String heat, String cool)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant heatAt = now.minusSeconds(200);
        Instant coolAt = now.minusSeconds(150);
        List<String> rows = new ArrayList<>();
        for (Instant t = heatAt.minusSeconds(60); t.isBefore(coolAt.plusSeconds(60)); t = t.plusSeconds(10)) {
            double w = 400 + (t.isBefore(heatAt) ? 0 : 1000) + (t.isBefore(coolAt) ? 0 : 300);
            rows.add(haPower(t, "W", "grid_power", w));
        }
        String offRow = haClimate(now.minusSeconds(3600), "heat_pump", off, "off");
        String heatRow = haClimate(heatAt, "heat_pump", heat, "heating");
        String coolRow = haClimate(coolAt, "heat_pump", cool, "cooling");

        onTime.writeAll(rows);
        onTime.write(offRow, heatRow, coolRow);
        try (RunningService service = RunningService.start(heatPumpSettings(onTime))) {
            awaitWatermarkPast(service, coolAt.plusSeconds(30));
        }
        assertThat(onTime.correlationLines()).hasSize(2);
        assertThat(onTime.correlationLines().get(1)).contains("climate.heat_pump climate " + tag(heat) + "->" + tag(cool), "delta=300.0");

        late.writeAll(rows);
        late.write(offRow, coolRow);
        return new HeldBack(heatRow, coolAt.plusSeconds(30));
    }

    /** The heat row held back, and an instant by which the watermark has settled the cool row. */
    private record HeldBack(String heatRow, Instant coolSettled) {
    }

    /** A cycle a second, Home Assistant's layout, its meter sensor.grid_power. */
    private static Map<String, String> heatPumpSettings(TestBucket bucket) {
        Map<String, String> settings = everySecond(bucket);
        settings.putAll(Map.of("correlator.schema", "home-assistant", "correlator.meter.entity-id", "sensor.grid_power"));
        return settings;
    }

    /** The heat pump's judgement without its heat row: off -> cool. */
    private static void assertJudgedWithoutTheHeatRow(TestBucket late, String off, String cool) {
        assertThat(late.correlationLines()).hasSize(1);
        assertThat(late.correlationLines().get(0)).contains("climate.heat_pump climate " + tag(off) + "->" + tag(cool), "delta=300.0");
    }

    private static void lateRowReplacesThePointOfTheNextRow(TestBucket onTime, TestBucket late, String off, String heat, String cool)
            throws Exception {
        HeldBack held = heatPumpWithTheHeatRowHeldBack(onTime, late, off, heat, cool);
        try (RunningService service = RunningService.start(heatPumpSettings(late))) {
            awaitWatermarkPast(service, held.coolSettled());
            assertJudgedWithoutTheHeatRow(late, off, cool);

            late.write(held.heatRow()); // Home Assistant's queue delivers it more than 3 min late
            service.awaitCycles(service.cyclesSoFar() + 3);
            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("late_state_changes").asLong()).isEqualTo(2); // the heat row, and the cool row judged anew
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(3);
        }
        // the off -> cool point is gone: the bucket holds what the rows on time gave
        assertThat(late.correlationLines()).isEqualTo(onTime.correlationLines());
    }

    @Test
    void afterARestartALateRowThatChangesTheNextRowsPreviousStateReplacesThePointWrittenBeforeTheRestart(TestBucket onTime,
            TestBucket late) throws Exception {
        lateRowAfterARestartReplacesThePointWrittenBefore(onTime, late, "off", "heat", "cool");
    }

    @Test
    void afterARestartTheSameHoldsForStatesWhoseTagsAreEscaped(TestBucket onTime, TestBucket late) throws Exception {
        // a space, a comma and an equals sign: escaped in line protocol, read back as they were
        lateRowAfterARestartReplacesThePointWrittenBefore(onTime, late, "off, idle", "heat = eco", "cool, quiet");
    }

    @Test
    void afterARestartTheSameHoldsForStatesWithLineBreaksWhoseTagsAreStoredCleaned(TestBucket onTime, TestBucket late) throws Exception {
        lateRowAfterARestartReplacesThePointWrittenBefore(onTime, late, "off", "heat\nmode", "cool\r\nquiet");
    }

    /** A state as a correlation's tag holds it: a line break stored as a space ({@link PointLine#cleanTag}). */
    private static String tag(String state) {
        return PointLine.cleanTag(state);
    }

    /**
     * off → heat → cool of one climate entity, the heat row delivered late, after the service judged cool (as off → cool)
     * and was restarted: the point written before the restart goes, the bucket holds what the rows on time gave.
     */
    private static void lateRowAfterARestartReplacesThePointWrittenBefore(TestBucket onTime, TestBucket late, String off,
            String heat, String cool) throws Exception {
        HeldBack held = heatPumpWithTheHeatRowHeldBack(onTime, late, off, heat, cool);
        Map<String, String> second = heatPumpSettings(late);
        try (RunningService service = RunningService.start(second)) {
            awaitWatermarkPast(service, held.coolSettled());
        }
        assertJudgedWithoutTheHeatRow(late, off, cool);

        // restarted: the off -> cool point is recalled from the bucket, then the heat row comes, still within the window
        try (RunningService service = RunningService.start(second)) {
            service.awaitCycles(3);
            late.write(held.heatRow());
            service.awaitCycles(service.cyclesSoFar() + 3);
            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("late_state_changes").asLong()).isEqualTo(2); // the heat row, and the cool row judged anew
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(2);
        }
        // exactly one correlation for the cool row (heat -> cool), the one the rows on time gave
        assertThat(late.correlationLines()).isEqualTo(onTime.correlationLines());
    }

    @Test
    void aRowLaterThanTheWindowIsCountedAsTooLateAndNotCorrelated(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant t = now.minusSeconds(200);
        bucket.writeAll(meterReadings(t.minusSeconds(60), t.plusSeconds(60), 300, Map.of(t, 500.0)));
        Map<String, String> settings = everySecond(bucket);
        settings.put("correlator.late-data-window-minutes", "1");
        try (RunningService service = RunningService.start(settings)) {
            awaitWatermarkPast(service, now.plusSeconds(1));
            service.awaitCycles(service.cyclesSoFar() + 2);
            bucket.write(event(t, "switch.heater", "switch", "on", "off")); // 3 min late, the window is 1 min
            service.awaitCycles(service.cyclesSoFar() + LateRows.AUDIT_EVERY_CYCLES + 1);

            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("skipped").get("too_late").asLong()).isEqualTo(1);
            assertThat(stats.get("late_state_changes").asLong()).isZero();
            assertThat(stats.get("total_events_processed").asLong()).isZero();
            assertThat(stats.get("config").get("late_data_window_minutes").asLong()).isEqualTo(1);
        }
        assertThat(bucket.correlationLines()).isEmpty();
    }

    @Test
    void aRestartTakesWhatWasWrittenAsSettledAndCorrelatesWhatCameWhileItWasDown(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = now.minusSeconds(120);
        Instant whileDown = now.minusSeconds(90);
        bucket.writeAll(meterReadings(first.minusSeconds(60), whileDown.plusSeconds(60), 300, Map.of(first, 200.0, whileDown, 900.0)));
        bucket.write(event(first, "switch.first", "switch", "on", "off"));
        Map<String, String> settings = everySecond(bucket);
        try (RunningService service = RunningService.start(settings)) {
            awaitWatermarkPast(service, whileDown.plusSeconds(30));
        }
        // delivered while the service was down, behind its stored watermark
        bucket.write(event(whileDown, "switch.while_down", "switch", "on", "off"));
        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(3);
            JsonNode stats = service.get("/statistics").json();
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(1);
            assertThat(stats.get("total_events_processed").asLong()).isEqualTo(1);
        }
        assertThat(bucket.correlationLines()).hasSize(2);
        assertThat(bucket.correlationLines().get(0)).contains("switch.first", "delta=200.0");
        assertThat(bucket.correlationLines().get(1)).contains("switch.while_down", "delta=900.0");
    }
}
