package io.energycorrelator.devices;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.config.Schema;
import io.energycorrelator.config.SettingsReader;
import io.energycorrelator.correlate.LateRows;
import io.energycorrelator.correlate.StateChangeReader;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.observe.Statistics;
import io.energycorrelator.profile.DailyEnergy;
import io.energycorrelator.profile.DeviceEnergyDay;
import io.energycorrelator.profile.DeviceProfile;
import io.energycorrelator.profile.ProfileLookup;
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
    /** The lamp draws 100 W, by a profile of three steps. */
    private static final ProfileLookup LAMP_100_W = (entity, transition) -> LAMP.equals(entity) && "off->on".equals(transition)
            ? Optional.of(new DeviceProfile(LAMP, transition, 100, 0, 3, Instant.EPOCH, 0.5)) : Optional.empty();

    /** The layout application.properties gives, with these settings over its defaults. */
    private static Schema schema(Map<String, String> settings) throws IOException {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            file.load(in);
        }
        file.putAll(settings);
        Pattern env = Pattern.compile("\\{\\{env:[A-Z0-9_]+:(.*)}}");
        return Schema.read(new SettingsReader(key -> Optional.ofNullable(file.getProperty(key)).map(v -> {
            Matcher m = env.matcher(v);
            return m.matches() ? m.group(1) : v;
        }), Map.of()));
    }

    private static DeviceEnergy deviceEnergy(TestBucket bucket, ZoneId zone, Instant now, int maxStateChangesPerRead)
            throws IOException {
        return deviceEnergy(bucket, schema(Map.of()), zone, now, maxStateChangesPerRead);
    }

    private static DeviceEnergy deviceEnergy(TestBucket bucket, Schema schema, ZoneId zone, Instant now,
            int maxStateChangesPerRead) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        StreamingQuery query = new StreamingQuery(bucket.client(), bucket.org(), Duration.ofSeconds(30));
        FluxQueries queries = new FluxQueries(bucket.name(), schema);
        Statistics statistics = new Statistics(clock);
        return new DeviceEnergy(new StateChangeReader(query, queries, statistics, schema, Duration.ofSeconds(5),
                        new LateRows(query, queries, statistics, schema.entityTagHasDomain(), Duration.ZERO, Duration.ZERO)),
                new SeenData(query, queries, statistics), new IncompleteDays(query, queries, statistics),
                new DailyEnergy(zone), LAMP_100_W, clock, maxStateChangesPerRead);
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
                100.0, 0.5, 86_400.0, true, 0.0);
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
                soFar * 100 / 3600, soFar, 100.0, 0.5, soFar, false, 0.0));
        // In UTC the same instant is in a day that began an hour later.
        assertThat(deviceEnergy(bucket, ZoneOffset.UTC, lateEvening, 1_000_000).today().get(LAMP).start())
                .isEqualTo(Instant.parse("2024-10-27T00:00:00Z"));
    }
}
