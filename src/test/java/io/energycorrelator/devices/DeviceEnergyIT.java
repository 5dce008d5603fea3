package io.energycorrelator.devices;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.config.OnStateSettings;
import io.energycorrelator.config.Schema;
import io.energycorrelator.config.Settings;
import io.energycorrelator.correlate.LateRows;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.devices.profile.DailyEnergy;
import io.energycorrelator.devices.profile.DeviceEnergyDay;
import io.energycorrelator.devices.profile.DeviceProfile;
import io.energycorrelator.devices.profile.OnStates;
import io.energycorrelator.devices.profile.ProfileLookup;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LogLines;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static io.energycorrelator.support.LineProtocol.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Daily energy read from the real server: a range with more state changes than one read takes is read in
 * parts and counted whole (not cut, the last state carried to the end); in Home Assistant's own layout a day
 * the data reaches for five minutes counts those five minutes only; and the days, "today" included, follow the
 * house's time zone across both clock changes (a 23 h and a 25 h day, Europe/London 2024).
 */
@ExtendWith(InfluxDbExtension.class)
class DeviceEnergyIT {

    private static final String LAMP = "switch.lamp";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** The lamp draws 100 W, by a profile of three steps up (none down: its energy's confidence 0.224). */
    private static final ProfileLookup LAMP_100_W = (entity, transition) -> LAMP.equals(entity) && "off->on".equals(transition)
            ? Optional.of(new DeviceProfile(LAMP, transition, 100, 0, 3, Instant.EPOCH, 0.5)) : Optional.empty();

    /** The layout application.properties gives, with these settings over its defaults. */
    private static Schema schema(Map<String, String> settings) throws IOException {
        return Schema.read(settings(settings));
    }

    /** application.properties' defaults, with these settings over them. */
    private static Settings settings(Map<String, String> settings) throws IOException {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            file.load(in);
        }
        file.putAll(settings);
        Pattern env = Pattern.compile("\\{\\{env:[A-Z0-9_]+:(.*)}}");
        return new Settings(key -> Optional.ofNullable(file.getProperty(key)).map(v -> {
            Matcher m = env.matcher(v);
            return m.matches() ? m.group(1) : v;
        }), Map.of());
    }

    private static DeviceEnergy deviceEnergy(TestBucket bucket, ZoneId zone, Instant now, int maxStateChangesPerRead)
            throws IOException {
        return deviceEnergy(bucket, schema(Map.of()), zone, now, maxStateChangesPerRead);
    }

    private static DeviceEnergy deviceEnergy(TestBucket bucket, Schema schema, ZoneId zone, Instant now,
            int maxStateChangesPerRead) {
        return deviceEnergy(bucket, schema, zone, now, maxStateChangesPerRead, LAMP_100_W, "");
    }

    /** @param actionField where climate actions are stored ("": none) */
    private static DeviceEnergy deviceEnergy(TestBucket bucket, Schema schema, ZoneId zone, Instant now,
            int maxStateChangesPerRead, ProfileLookup profiles, String actionField) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        StreamingQuery query = new StreamingQuery(bucket.client(), bucket.org(), Duration.ofSeconds(30));
        FluxQueries queries = new FluxQueries(bucket.name(), schema);
        Statistics statistics = new Statistics(clock);
        return new DeviceEnergy(new StateChangeReader(query, queries, statistics, schema, Duration.ofSeconds(5),
                        new LateRows(query, queries, statistics, schema.entityTagHasDomain(), Duration.ZERO, Duration.ZERO), null),
                new SeenData(query, queries, statistics), new IncompleteDays(query, queries, statistics),
                new DailyEnergy(zone, OnStates.DEFAULTS), profiles, clock, maxStateChangesPerRead,
                new ClimateActionReader(query, queries, statistics, schema, actionField));
    }

    /** A reading of the house every 10 minutes over [from, to): 300 W. */
    private static List<String> meterEvery10Minutes(Instant from, Instant to) {
        List<String> lines = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(10))) {
            lines.add(meter(t, 300));
        }
        return lines;
    }

    private static List<FluxRecord> energyDays(TestBucket bucket) {
        return bucket.query("""
                from(bucket: BUCKET) |> range(start: 2024-01-01T00:00:00Z, stop: 2025-01-01T00:00:00Z)
                  |> filter(fn: (r) => r._measurement == "device_energy_daily")
                  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
                  |> group() |> sort(columns: ["_time"])""");
    }

    @Test
    void aRangeWithMoreStateChangesThanOneReadTakesIsReadInPartsAndCountedWhole(TestBucket bucket) throws Exception {
        // 20 times on for 10 minutes, every hour from 01:00 (40 state changes), on a day the meter covers whole.
        Instant day = Instant.parse("2024-03-04T00:00:00Z");
        List<String> lines = meterEvery10Minutes(day.minus(Duration.ofHours(1)), day.plus(Duration.ofHours(25)));
        lines.add(event(day.minus(Duration.ofMinutes(30)), LAMP, "switch", "off", "on"));
        for (int h = 1; h <= 20; h++) {
            Instant on = day.plus(Duration.ofHours(h));
            lines.add(event(on, LAMP, "switch", "on", "off"));
            lines.add(event(on.plus(Duration.ofMinutes(10)), LAMP, "switch", "off", "on"));
        }
        bucket.writeAll(lines);
        Instant now = day.plus(Duration.ofHours(36));

        Map<String, DeviceEnergyDay> inOneRead = deviceEnergy(bucket, ZoneOffset.UTC, now, 1_000_000).yesterday();
        Map<String, DeviceEnergyDay> inParts;
        try (LogLines log = LogLines.capture()) {
            inParts = deviceEnergy(bucket, ZoneOffset.UTC, now, 7).yesterday();
            assertThat(log.lines()).contains("INFO io.energycorrelator.devices.DeviceEnergy - Daily energy: the state changes of ["
                    + day + ", " + day.plus(Duration.ofDays(1)) + ") are more than 7 a read; read in 6 parts");
        }

        DeviceEnergyDay whole = new DeviceEnergyDay(LAMP, LocalDate.parse("2024-03-04"), day, 12_000.0 * 100 / 3600, 12_000.0,
                100.0, 0.224, 86_400.0, true, 0.0);
        assertThat(inOneRead).containsExactly(Map.entry(LAMP, whole));
        assertThat(inParts).containsExactly(Map.entry(LAMP, whole));
    }

    /** The lamp's state as Home Assistant's InfluxDB integration writes it (measurement = entity id, no previous state). */
    private static String haLamp(Instant t, String state) {
        return "switch.lamp,domain=switch,entity_id=lamp friendly_name_str=\"Lamp\",state=\"" + state + "\",value="
                + ("on".equals(state) ? 1 : 0) + " " + nanos(t);
    }

    /** The house's power sensor as the integration writes it (measurement = unit). */
    private static String haMeter(Instant t, double watts) {
        return "W,domain=sensor,entity_id=grid_power device_class_str=\"power\",state_class_str=\"measurement\",value="
                + watts + " " + nanos(t);
    }

    @Test
    void inHomeAssistantsLayoutABackfillEndingFiveMinutesIntoADayCountsOnlyThoseMinutesOfIt(TestBucket bucket) throws Exception {
        Instant day = Instant.parse("2024-06-10T00:00:00Z");
        Instant nextDay = day.plus(Duration.ofDays(1));
        List<String> lines = new ArrayList<>();
        for (Instant t = day.minus(Duration.ofHours(1)); !t.isAfter(nextDay); t = t.plus(Duration.ofMinutes(10))) {
            lines.add(haMeter(t, 300));
        }
        lines.add(haMeter(nextDay.plusSeconds(290), 400)); // the last reading: 4 min 50 s into the next day
        lines.add(haLamp(day.minus(Duration.ofMinutes(30)), "off"));
        for (int h = 1; h <= 10; h++) {
            Instant on = day.plus(Duration.ofHours(h));
            lines.add(haLamp(on, "on"));
            lines.add(haLamp(on.plusSeconds(60), "on")); // an attribute changed: the same state written again
            lines.add(haLamp(on.plus(Duration.ofMinutes(10)), "off"));
        }
        lines.add(haLamp(day.plus(Duration.ofHours(20)), "on")); // on to the end of the data
        bucket.writeAll(lines);
        Schema homeAssistant = schema(Map.of("correlator.schema", "home-assistant", "correlator.meter.entity-id", "sensor.grid_power"));

        DeviceEnergy energy = deviceEnergy(bucket, homeAssistant, ZoneOffset.UTC, day.plus(Duration.ofDays(3)), 4);
        bucket.writeAll(energy.forRange(day, nextDay.plusSeconds(300)).getInfluxRecords());

        List<FluxRecord> days = energyDays(bucket);
        assertThat(days).extracting(FluxRecord::getTime).containsExactly(day, nextDay);
        assertThat(days).extracting(r -> r.getValueByKey("entity_id")).containsOnly(LAMP);
        assertThat(days).extracting(r -> r.getValueByKey("on_seconds")).containsExactly(10 * 600.0 + 4 * 3600, 290.0);
        assertThat(days).extracting(r -> r.getValueByKey("covered_seconds")).containsExactly(86_400.0, 290.0);
        assertThat(days).extracting(r -> r.getValueByKey("complete")).containsExactly(true, false);
    }

    @Test
    void theDaysAndTodayFollowTheHousesZoneAcrossBothClockChanges(TestBucket bucket) throws Exception {
        // The lamp on from 20:00 UTC the evening before each change until 06:00 UTC the morning after it.
        List<String> lines = new ArrayList<>();
        for (String change : List.of("2024-03-31", "2024-10-27")) {
            Instant midnightUtc = LocalDate.parse(change).atStartOfDay(ZoneOffset.UTC).toInstant();
            lines.addAll(meterEvery10Minutes(midnightUtc.minus(Duration.ofHours(6)), midnightUtc.plus(Duration.ofHours(36))));
            lines.add(event(midnightUtc.minus(Duration.ofHours(5)), LAMP, "switch", "off", "on"));
            lines.add(event(midnightUtc.minus(Duration.ofHours(4)), LAMP, "switch", "on", "off"));
            lines.add(event(midnightUtc.plus(Duration.ofHours(30)), LAMP, "switch", "off", "on"));
        }
        bucket.writeAll(lines);

        // Each day written the morning after it, as the daily energy's timer writes it.
        for (Instant morningAfter : List.of(Instant.parse("2024-04-01T04:00:00Z"), Instant.parse("2024-10-28T04:00:00Z"))) {
            bucket.writeAll(deviceEnergy(bucket, LONDON, morningAfter, 1_000_000).lastCompleteDay().getInfluxRecords());
        }

        List<FluxRecord> days = energyDays(bucket);
        // 2024-03-31 in London: from 00:00 GMT to 00:00 BST, 23 hours; 2024-10-27: from 00:00 BST to 00:00 GMT, 25 hours.
        assertThat(days).extracting(FluxRecord::getTime)
                .containsExactly(Instant.parse("2024-03-31T00:00:00Z"), Instant.parse("2024-10-26T23:00:00Z"));
        assertThat(days).extracting(r -> r.getValueByKey("on_seconds")).containsExactly(82_800.0, 90_000.0);
        assertThat(days).extracting(r -> r.getValueByKey("covered_seconds")).containsExactly(82_800.0, 90_000.0);
        assertThat(days).extracting(r -> r.getValueByKey("complete")).containsExactly(true, true);
        assertThat(days).extracting(r -> r.getValueByKey("energy_wh")).containsExactly(82_800.0 * 100 / 3600, 90_000.0 * 100 / 3600);

        // "Today" late on the 25-hour day began at 00:00 BST (23:00 UTC the day before), and reaches the last reading.
        Instant lateEvening = Instant.parse("2024-10-27T23:35:00Z");
        DeviceEnergyDay today = deviceEnergy(bucket, LONDON, lateEvening, 1_000_000).today().get(LAMP);
        double soFar = Duration.between(Instant.parse("2024-10-26T23:00:00Z"), Instant.parse("2024-10-27T23:30:00Z")).toSeconds();
        assertThat(today).isEqualTo(new DeviceEnergyDay(LAMP, LocalDate.parse("2024-10-27"), Instant.parse("2024-10-26T23:00:00Z"),
                soFar * 100 / 3600, soFar, 100.0, 0.224, soFar, false, 0.0));
        // In UTC the same instant is in a day that began an hour later.
        assertThat(deviceEnergy(bucket, ZoneOffset.UTC, lateEvening, 1_000_000).today().get(LAMP).start())
                .isEqualTo(Instant.parse("2024-10-27T00:00:00Z"));
    }

    /**
     * A plug 100 W, a thermostat 1500 W when heating and a blind's motor 120 W (into opening), each by a profile of
     * three steps (confidence 0.5; none out of the on-state: their energy's confidence 0.224).
     */
    private static final ProfileLookup HOUSE = new ProfileLookup() {
        private final Map<String, String> learned = Map.of("switch.plug", "off->on", "climate.living_room", "off->heat",
                "cover.blind", "closed->opening");
        private final Map<String, Double> watts = Map.of("switch.plug", 100.0, "climate.living_room", 1500.0, "cover.blind", 120.0);

        @Override
        public Optional<DeviceProfile> find(String entity, String transition) {
            return transition.equals(learned.get(entity))
                    ? Optional.of(new DeviceProfile(entity, transition, watts.get(entity), 0, 3, Instant.EPOCH, 0.5))
                    : Optional.empty();
        }

        @Override
        public List<String> transitionsOf(String entity) {
            return learned.containsKey(entity) ? List.of(learned.get(entity)) : List.of();
        }
    };

    private static FluxRecord dayOf(List<FluxRecord> days, String entity) {
        return days.stream().filter(r -> entity.equals(r.getValueByKey("entity_id"))).findFirst().orElseThrow();
    }

    @Test
    void inTheDefaultLayoutUnavailableTimeIsNeitherOnNorOffAThermostatGoesByItsModeAndABlindByItsMotor(TestBucket bucket)
            throws Exception {
        Instant day = Instant.parse("2024-03-04T00:00:00Z");
        List<String> lines = meterEvery10Minutes(day.minus(Duration.ofHours(1)), day.plus(Duration.ofHours(25)));
        // The plug on since the evening before; off Wi-Fi 10:00-14:00 (the layout stores unavailable), off at 15:00.
        lines.add(event(day.minus(Duration.ofHours(1)), "switch.plug", "switch", "on", "off"));
        lines.add(event(day.plus(Duration.ofHours(10)), "switch.plug", "switch", "unavailable", "on"));
        lines.add(event(day.plus(Duration.ofHours(14)), "switch.plug", "switch", "on", "unavailable"));
        lines.add(event(day.plus(Duration.ofHours(15)), "switch.plug", "switch", "off", "on"));
        // The thermostat in heat from the evening before until 20:00: no action stored, the mode decides.
        lines.add(event(day.minus(Duration.ofHours(2)), "climate.living_room", "climate", "heat", "off"));
        lines.add(event(day.plus(Duration.ofHours(20)), "climate.living_room", "climate", "off", "heat"));
        // The blind opens in 30 s at 07:00 and closes in 45 s at 21:00.
        lines.add(event(day.minus(Duration.ofHours(4)), "cover.blind", "cover", "closed", "closing"));
        lines.add(event(day.plus(Duration.ofHours(7)), "cover.blind", "cover", "opening", "closed"));
        lines.add(event(day.plus(Duration.ofHours(7)).plusSeconds(30), "cover.blind", "cover", "open", "opening"));
        lines.add(event(day.plus(Duration.ofHours(21)), "cover.blind", "cover", "closing", "open"));
        lines.add(event(day.plus(Duration.ofHours(21)).plusSeconds(45), "cover.blind", "cover", "closed", "closing"));
        bucket.writeAll(lines);
        Settings settings = settings(Map.of());
        Schema homeiq = Schema.read(settings);
        String actionField = OnStateSettings.read(settings, homeiq).climateActionField();

        DeviceEnergy energy = deviceEnergy(bucket, homeiq, ZoneOffset.UTC, day.plus(Duration.ofDays(3)), 1_000_000, HOUSE, actionField);
        bucket.writeAll(energy.forRange(day, day.plus(Duration.ofDays(1))).getInfluxRecords());

        List<FluxRecord> days = energyDays(bucket);
        assertThat(actionField).isEmpty();
        assertThat(days).hasSize(3);
        FluxRecord plug = dayOf(days, "switch.plug");
        assertThat(plug.getValueByKey("on_seconds")).isEqualTo(11 * 3600.0);
        assertThat(plug.getValueByKey("unknown_seconds")).isEqualTo(4 * 3600.0);
        assertThat(plug.getValueByKey("energy_wh")).isEqualTo(1100.0);
        assertThat(plug.getValueByKey("confidence")).isEqualTo(0.224);
        // One side known alone: the wide range measured on REFIT for confidence below 0.4.
        assertThat(plug.getValueByKey("energy_wh_low")).isEqualTo(1100.0 * 0.56);
        assertThat(plug.getValueByKey("energy_wh_high")).isEqualTo(1100.0 * 10.56);
        FluxRecord thermostat = dayOf(days, "climate.living_room");
        assertThat(thermostat.getValueByKey("on_seconds")).isEqualTo(20 * 3600.0);
        assertThat(thermostat.getValueByKey("unknown_seconds")).isEqualTo(0.0);
        assertThat(thermostat.getValueByKey("energy_wh")).isEqualTo(30_000.0);
        assertThat(thermostat.getValueByKey("confidence")).isEqualTo(0.112); // by its mode: half of 0.224
        FluxRecord blind = dayOf(days, "cover.blind");
        assertThat(blind.getValueByKey("on_seconds")).isEqualTo(75.0);
        assertThat(blind.getValueByKey("unknown_seconds")).isEqualTo(0.0);
        assertThat(blind.getValueByKey("energy_wh")).isEqualTo(2.5);
        assertThat(days).extracting(r -> r.getValueByKey("covered_seconds")).containsOnly(86_400.0);
    }

    /** A thermostat's row as the integration writes it: the mode as state, the action as hvac_action_str (absent when unavailable). */
    private static String haThermostat(Instant t, String mode, String action) {
        return "climate.living_room,domain=climate,entity_id=living_room friendly_name_str=\"Living room\",state=\"" + mode
                + "\"" + (action == null ? "" : ",hvac_action_str=\"" + action + "\"") + ",temperature=21 " + nanos(t);
    }

    private static String haPlug(Instant t, String state) {
        return "switch.plug,domain=switch,entity_id=plug friendly_name_str=\"Plug\",state=\"" + state + "\" " + nanos(t);
    }

    @Test
    void inHomeAssistantsLayoutAThermostatIsOnWhileItsHvacActionSaysItRunsAndUnavailableTimeIsNeither(TestBucket bucket)
            throws Exception {
        Instant day = Instant.parse("2024-06-10T00:00:00Z");
        List<String> lines = new ArrayList<>();
        for (Instant t = day.minus(Duration.ofHours(1)); !t.isAfter(day.plus(Duration.ofHours(25))); t = t.plus(Duration.ofMinutes(10))) {
            lines.add(haMeter(t, 300));
        }
        // Left in heat all day; the integration writes a row at each change of state or attribute.
        lines.add(haThermostat(day.minus(Duration.ofMinutes(30)), "heat", "idle"));
        lines.add(haThermostat(day.plus(Duration.ofHours(6)), "heat", "heating"));
        lines.add(haThermostat(day.plus(Duration.ofHours(6)).plusSeconds(600), "heat", "heating")); // temperature only
        lines.add(haThermostat(day.plus(Duration.ofHours(7)).plusSeconds(1800), "heat", "idle"));
        lines.add(haThermostat(day.plus(Duration.ofHours(12)), "unavailable", null));
        lines.add(haThermostat(day.plus(Duration.ofHours(13)), "heat", "heating"));
        lines.add(haThermostat(day.plus(Duration.ofHours(14)), "heat", "idle"));
        // A plug on from 08:00, unavailable 09:00-09:30 (a setup that records it), off at 10:00.
        lines.add(haPlug(day.minus(Duration.ofHours(1)), "off"));
        lines.add(haPlug(day.plus(Duration.ofHours(8)), "on"));
        lines.add(haPlug(day.plus(Duration.ofHours(9)), "unavailable"));
        lines.add(haPlug(day.plus(Duration.ofHours(9)).plusSeconds(1800), "on"));
        lines.add(haPlug(day.plus(Duration.ofHours(10)), "off"));
        bucket.writeAll(lines);
        Settings settings = settings(Map.of("correlator.schema", "home-assistant", "correlator.meter.entity-id", "sensor.grid_power"));
        Schema homeAssistant = Schema.read(settings);
        String actionField = OnStateSettings.read(settings, homeAssistant).climateActionField();

        DeviceEnergy energy = deviceEnergy(bucket, homeAssistant, ZoneOffset.UTC, day.plus(Duration.ofDays(3)), 1_000_000, HOUSE,
                actionField);
        bucket.writeAll(energy.forRange(day, day.plus(Duration.ofDays(1))).getInfluxRecords());

        List<FluxRecord> days = energyDays(bucket);
        assertThat(actionField).isEqualTo("hvac_action_str");
        assertThat(days).hasSize(2);
        FluxRecord thermostat = dayOf(days, "climate.living_room");
        // Heating 06:00-07:30 and 13:00-14:00; unavailable 12:00-13:00; idle the rest, although in heat mode all day.
        assertThat(thermostat.getValueByKey("on_seconds")).isEqualTo(9000.0);
        assertThat(thermostat.getValueByKey("unknown_seconds")).isEqualTo(3600.0);
        assertThat(thermostat.getValueByKey("energy_wh")).isEqualTo(3750.0);
        assertThat(thermostat.getValueByKey("confidence")).isEqualTo(0.224);
        FluxRecord plug = dayOf(days, "switch.plug");
        assertThat(plug.getValueByKey("on_seconds")).isEqualTo(5400.0);
        assertThat(plug.getValueByKey("unknown_seconds")).isEqualTo(1800.0);
        assertThat(plug.getValueByKey("energy_wh")).isEqualTo(150.0);
        assertThat(days).extracting(r -> r.getValueByKey("covered_seconds")).containsOnly(86_400.0);

        // Read without the action (the field turned off), the same thermostat is billed by its mode, less surely.
        bucket.writeAll(deviceEnergy(bucket, homeAssistant, ZoneOffset.UTC, day.plus(Duration.ofDays(3)), 1_000_000, HOUSE, "")
                .forRange(day, day.plus(Duration.ofDays(1))).getInfluxRecords());
        FluxRecord byMode = dayOf(energyDays(bucket), "climate.living_room");
        assertThat(byMode.getValueByKey("on_seconds")).isEqualTo(23 * 3600.0);
        assertThat(byMode.getValueByKey("energy_wh")).isEqualTo(23 * 1500.0);
        assertThat(byMode.getValueByKey("confidence")).isEqualTo(0.112);
    }
}
