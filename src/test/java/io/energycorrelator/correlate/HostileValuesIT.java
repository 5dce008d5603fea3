package io.energycorrelator.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.influx.PointLine;
import io.energycorrelator.devices.profile.Transition;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LogLines;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.energycorrelator.support.LineProtocol.meter;
import static io.energycorrelator.support.LineProtocol.nanos;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile entity ids and states (trailing backslashes, escaped-looking separators, line breaks, tabs, quotes,
 * emoji, 64 KB, blank) among good state changes, through the live cycle against the real server: no value
 * stalls it. Each state change is correlated with its values in their cleaned form ({@link PointLine#cleanTag}),
 * or skipped and counted: a blank state as missing_state, a 64 KB state (a series key InfluxDB cannot hold)
 * as invalid_value, found by splitting the refused batch while the rest of it is written.
 */
@ExtendWith(InfluxDbExtension.class)
class HostileValuesIT {

    private static final String[] FRAGMENTS = {"on\\", "\\", " ", ",", "=", "\"", "'", "\n", "\r\n", "\r", "\t", "a\\ b", "x\\,y", "k\\=v",
            "\\\\", "\uD83D\uDE00", "\uD83C\uDDEC\uD83C\uDDE7", "ünï", "#", "{}", "%20", "->", "\\\"", "null"};

    /** One state change as Home Assistant's integration would store it, and what the service should make of it. */
    private record Change(Instant time, String entityId, String state, String previous) {

        String line() {
            return PointLine.measurement("home_assistant_events").tag("domain", "switch").tag("entity_id", entityId)
                    .field("state_value", state).field("previous_state", previous).at(nanos(time));
        }

        /** "previous -> state", as the correlation's tags should hold them. */
        String expectedTags() {
            return PointLine.cleanTag(asFluxReadsIt(previous)) + " -> " + PointLine.cleanTag(asFluxReadsIt(state));
        }

        String expectedTransition() {
            return PointLine.cleanTag(Transition.of(asFluxReadsIt(previous), asFluxReadsIt(state)));
        }

        /**
         * A stored string as the service reads it through Flux's CSV (written as Go's CSV writer does with CR LF
         * line ends): a lone CR is dropped, an LF comes as CR LF.
         */
        static String asFluxReadsIt(String stored) {
            return stored.replace("\r", "").replace("\n", "\r\n");
        }
    }

    /** A few fragments joined: never blank, never on or off, ending in a letter with odd probability. */
    private static String hostile(Random random) {
        StringBuilder s = new StringBuilder(random.nextBoolean() ? "s" : "");
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            s.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        String value = s.toString();
        String normal = value.strip().toLowerCase(Locale.ROOT);
        return normal.isEmpty() || normal.equals("on") || normal.equals("off") ? value + "x" : value;
    }

    @Test
    void hostileIdsAndStatesAreCorrelatedInTheirCleanedFormOrCountedAndTheCycleNeverStalls(TestBucket bucket) throws Exception {
        Random random = new Random(20240301);
        // Yesterday, so that the device energy of a whole day can be written too.
        Instant start = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(10));
        List<Change> good = new ArrayList<>();
        List<Change> hostileIds = new ArrayList<>();
        List<Change> hostileStates = new ArrayList<>();
        List<Change> blankStates = new ArrayList<>();
        List<Change> hugeStates = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 306; i++) {
            Instant t = start.plusSeconds(20L * i);
            Change change;
            if (i % 50 == 7) {
                change = new Change(t, "switch.huge_" + i, "h".repeat(64 * 1024 + i), "off");
                hugeStates.add(change);
            } else if (i % 150 == 11) {
                change = new Change(t, "switch.blank_" + i, i < 150 ? "" : " \n\t", "off");
                blankStates.add(change);
            } else if (i % 5 == 0) {
                change = new Change(t, "switch.good_" + i, "on", "off");
                good.add(change);
            } else if (i % 5 == 1 || i % 5 == 2) {
                // a hostile entity id that switches on: correlated, learned and valued for the day
                change = new Change(t, "switch." + i + "_" + hostile(random), "on", "off");
                hostileIds.add(change);
            } else {
                String entity = i % 5 == 3 ? "switch.hostile_state_" + i : "switch." + i + "_" + hostile(random);
                String state = hostile(random);
                String previous = hostile(random);
                boolean same = Change.asFluxReadsIt(previous).strip().equals(Change.asFluxReadsIt(state).strip());
                change = new Change(t, entity, state, same ? previous + "y" : previous);
                hostileStates.add(change);
            }
            assertThat(ids.add(PointLine.cleanTag(change.entityId()))).isTrue();
            lines.add(meter(t.minusSeconds(5), 500));
            lines.add(meter(t.plusSeconds(5), 600));
            lines.add(change.line());
        }
        bucket.writeAll(lines);
        Instant last = start.plusSeconds(20L * 305);
        assertThat(hostileIds.size() + hostileStates.size()).isGreaterThanOrEqualTo(200);

        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.lookback-minutes", Long.toString(Duration.between(start, Instant.now()).toMinutes() + 60));
        List<String> log;
        try (LogLines captured = LogLines.capture(); RunningService service = RunningService.start(settings)) {
            JsonNode stats = service.get("/statistics").json();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (stats.get("watermark").isNull() || Instant.parse(stats.get("watermark").asText()).isBefore(last.plusSeconds(60))) {
                assertThat(System.nanoTime()).as("the watermark passes the last state change").isLessThan(deadline);
                ApiClient.Response health = service.get("/health");
                assertThat(health.status()).as("healthy throughout: %s", health.body()).isEqualTo(200);
                Thread.sleep(200);
                stats = service.get("/statistics").json();
            }
            assertThat(service.get("/health").status()).isEqualTo(200);
            assertThat(stats.get("errors").asLong()).isZero();

            Map<String, Long> skipped = new TreeMap<>();
            stats.get("skipped").fields().forEachRemaining(e -> skipped.put(e.getKey(), e.getValue().asLong()));
            assertThat(skipped).isEqualTo(Map.of(RefusedPoints.INVALID_VALUE, (long) hugeStates.size(),
                    "missing_state", (long) blankStates.size()));
            int correlated = good.size() + hostileIds.size() + hostileStates.size();
            assertThat(stats.get("correlations_written").asLong()).isEqualTo(correlated);

            // The device energy of that day, through the same write route.
            Instant dayStart = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            service.context().createProducerTemplate().sendBodyAndHeaders("direct:daily-energy-for-range", null,
                    Map.of("start", dayStart, "end", dayStart.plus(Duration.ofDays(1))));
            log = captured.lines();
        }

        // Every good and hostile state change correlated, its values in their cleaned form; no other point.
        Map<String, String> expected = new TreeMap<>();
        for (List<Change> group : List.of(good, hostileIds, hostileStates)) {
            group.forEach(c -> expected.put(PointLine.cleanTag(c.entityId()), c.expectedTags()));
        }
        Map<String, String> written = new TreeMap<>();
        for (FluxRecord r : bucket.query("""
                from(bucket: BUCKET) |> range(start: -3d)
                  |> filter(fn: (r) => r._measurement == "event_energy_correlation" and r._field == "power_delta_w")""")) {
            assertThat(written.put((String) r.getValueByKey("entity_id"), r.getValueByKey("previous_state") + " -> " + r.getValueByKey("state")))
                    .isNull();
            assertThat((Double) r.getValue()).isEqualTo(100.0);
        }
        assertThat(written).isEqualTo(expected);

        // A profile for each, under its cleaned entity id and transition.
        Set<String> profiles = new TreeSet<>();
        bucket.query("""
                from(bucket: BUCKET) |> range(start: -3d)
                  |> filter(fn: (r) => r._measurement == "device_power_profile" and r._field == "typical_step_w")""")
                .forEach(r -> profiles.add(r.getValueByKey("entity_id") + " " + r.getValueByKey("transition")));
        Set<String> expectedProfiles = new TreeSet<>();
        for (List<Change> group : List.of(good, hostileIds, hostileStates)) {
            group.forEach(c -> expectedProfiles.add(PointLine.cleanTag(c.entityId()) + " " + c.expectedTransition()));
        }
        assertThat(profiles).isEqualTo(expectedProfiles);

        // The day's energy of each device that switched on, under its cleaned entity id.
        Set<String> energy = new TreeSet<>();
        bucket.query("""
                from(bucket: BUCKET) |> range(start: -3d)
                  |> filter(fn: (r) => r._measurement == "device_energy_daily" and r._field == "energy_wh")""")
                .forEach(r -> energy.add((String) r.getValueByKey("entity_id")));
        Set<String> expectedEnergy = new TreeSet<>();
        for (List<Change> group : List.of(good, hostileIds)) {
            group.forEach(c -> expectedEnergy.add(PointLine.cleanTag(c.entityId())));
        }
        assertThat(energy).isEqualTo(expectedEnergy);

        // The refused points were logged with the cycle's other skips, in its one line (all of them are in the first cycle).
        assertThat(log).filteredOn(l -> l.startsWith("WARN io.energycorrelator.skipped")).singleElement().asString()
                .endsWith("]: skipped " + hugeStates.size() + " " + RefusedPoints.INVALID_VALUE + ", " + blankStates.size() + " missing_state");
    }
}
