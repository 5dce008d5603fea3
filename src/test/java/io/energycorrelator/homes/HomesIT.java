package io.energycorrelator.homes;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.PrometheusScrape;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.energycorrelator.support.LineProtocol.event;
import static io.energycorrelator.support.LineProtocol.meter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Homes in one process, from a homes file, against a real InfluxDB: each good home's output is point for point what a
 * service of that home alone writes; a home may set its own threshold; the bad homes (one whose bucket does not exist,
 * one whose token the server refuses) fail on their own, and say so in /homes, while the others go on.
 */
@ExtendWith(InfluxDbExtension.class)
class HomesIT {

    private static final Duration DAY = Duration.ofDays(1);

    private static TestBucket base;
    private static TestBucket flat1Alone;
    private static TestBucket flat2Alone;
    private static TestBucket flat1;
    private static TestBucket flat2;
    /** The kettle house again, as a home that sets its own threshold above the kettle's steps. */
    private static TestBucket flat3;
    private static RunningService fleet;

    @BeforeAll
    static void runAloneThenTogether(TestBucket testBucket, @TempDir Path dir) throws Exception {
        base = testBucket;
        flat1Alone = base.sibling("-flat1-alone", DAY);
        flat2Alone = base.sibling("-flat2-alone", DAY);
        flat1 = base.sibling("-flat1", DAY);
        flat2 = base.sibling("-flat2", DAY);
        flat3 = base.sibling("-flat3", DAY);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> lamp = lampHouse(now);
        List<String> kettle = kettleHouse(now);
        flat1Alone.writeAll(lamp);
        flat1.writeAll(lamp);
        flat2Alone.writeAll(kettle);
        flat2.writeAll(kettle);
        flat3.writeAll(kettle);
        // and an attic fan switched on with no meter reading within 30 s: skipped as no_meter_data
        flat3.write(event(now.minusSeconds(240), "fan.attic", "fan", "on", "off"));

        for (TestBucket alone : List.of(flat1Alone, flat2Alone)) {
            try (RunningService single = RunningService.start(RunningService.settingsFor(alone, 1))) {
                single.awaitCycles(1);
            }
        }

        Path wrongToken = dir.resolve("stranger-token");
        Files.writeString(wrongToken, "not-a-token-of-this-server");
        Path homesFile = dir.resolve("homes.yaml");
        Files.writeString(homesFile, """
                homes:
                  - id: flat-1
                    settings:
                      correlator.influxdb.bucket: %s
                  - id: flat-2
                    settings:
                      correlator.influxdb.bucket: %s
                  - id: ghost
                    settings:
                      correlator.influxdb.bucket: %s
                  - id: flat-3
                    settings:
                      correlator.influxdb.bucket: %s
                      correlator.min-power-delta-w: 2500
                  - id: stranger
                    settings:
                      correlator.influxdb.bucket: %s
                      correlator.influxdb.token-file: %s
                """.formatted(flat1.name(), flat2.name(), base.name() + "-no-such-bucket", flat3.name(), base.name() + "-stranger",
                wrongToken));
        Map<String, String> settings = RunningService.settingsFor(base, 1);
        settings.put("correlator.homes-file", homesFile.toString());
        fleet = RunningService.start(settings);
        for (String home : List.of("flat-1", "flat-2", "ghost", "flat-3", "stranger")) {
            awaitCycle("correlate." + home);
        }
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        for (TestBucket bucket : new TestBucket[] {flat1Alone, flat2Alone, flat1, flat2, flat3}) {
            if (bucket != null) {
                bucket.delete();
            }
        }
    }

    @Test
    void eachHomeWritesPointForPointWhatItWritesAlone() {
        assertThat(flat1Alone.correlationLines()).hasSize(1);
        assertThat(flat2Alone.correlationLines()).hasSize(2);
        assertThat(flat1.correlationLines()).isEqualTo(flat1Alone.correlationLines());
        assertThat(flat2.correlationLines()).isEqualTo(flat2Alone.correlationLines());
        // and nothing of one home in the process's own bucket
        assertThat(base.correlationLines()).isEmpty();
    }

    @Test
    void eachHomeHasItsOwnRoutesFromTheTemplates() {
        List<String> ids = new ArrayList<>(fleet.context().getRoutes().stream().map(r -> r.getRouteId())
                .filter(id -> id.startsWith("correlate.") || id.startsWith("daily-energy.")).sorted().toList());
        assertThat(ids).containsExactly("correlate.flat-1", "correlate.flat-2", "correlate.flat-3", "correlate.ghost",
                "correlate.stranger", "daily-energy.flat-1", "daily-energy.flat-2", "daily-energy.flat-3", "daily-energy.ghost",
                "daily-energy.stranger");
        assertThat(fleet.context().getRoute("correlate")).isNull();
    }

    @Test
    void eachHomeHasItsOwnStatistics() throws Exception {
        JsonNode flat1Stats = fleet.get("/statistics?home=flat-1").json();
        JsonNode flat2Stats = fleet.get("/statistics?home=flat-2").json();
        assertThat(flat1Stats.get("total_events_processed").asLong()).isEqualTo(2);
        assertThat(flat1Stats.get("correlations_written").asLong()).isEqualTo(1);
        // its one write (the correlation, the profiles and the watermark), told apart from the other homes' on the shared client
        assertThat(flat1Stats.get("influx_writes_total").asLong()).isEqualTo(1);
        assertThat(flat1Stats.get("config").get("influxdb_bucket").asText()).isEqualTo(flat1.name());
        assertThat(flat2Stats.get("total_events_processed").asLong()).isEqualTo(2);
        assertThat(flat2Stats.get("correlations_written").asLong()).isEqualTo(2);
        assertThat(flat2Stats.get("influx_writes_total").asLong()).isEqualTo(1);
        assertThat(flat2Stats.get("config").get("influxdb_bucket").asText()).isEqualTo(flat2.name());
    }

    @Test
    void theMetricsAreLabelledByHome() throws Exception {
        PrometheusScrape scrape = PrometheusScrape.parse(fleet.get("/observe/metrics").body());
        assertThat(scrape.value("energy_correlator_correlations_written_total{home=\"flat-1\"}")).isEqualTo(1.0);
        assertThat(scrape.value("energy_correlator_correlations_written_total{home=\"flat-2\"}")).isEqualTo(2.0);
        assertThat(scrape.value("energy_correlator_below_threshold_total{home=\"flat-3\"}")).isEqualTo(2.0);
        assertThat(scrape.value("energy_correlator_cycle_failures_total{home=\"ghost\"}")).isEqualTo(1.0);
        assertThat(scrape.value("energy_correlator_skipped_total{home=\"flat-3\",reason=\"no_meter_data\"}")).isEqualTo(1.0);
        assertThat(scrape.has("energy_correlator_skipped_total{home=\"flat-1\",reason=\"no_meter_data\"}")).isFalse();
        assertThat(scrape.value("energy_correlator_cycle_duration_seconds_count{home=\"flat-2\",outcome=\"success\"}"))
                .isEqualTo(1.0);
        assertThat(scrape.value("energy_correlator_cycle_duration_seconds_count{home=\"ghost\",outcome=\"failure\"}"))
                .isEqualTo(1.0);
    }

    @Test
    void aHomeMaySetItsOwnThreshold() throws Exception {
        assertThat(flat3.correlationLines()).isEmpty();
        JsonNode stats = fleet.get("/statistics?home=flat-3").json();
        assertThat(stats.get("total_events_processed").asLong()).isEqualTo(3);
        assertThat(stats.get("skipped").toString()).isEqualTo("{\"no_meter_data\":1}");
        assertThat(stats.get("correlations_written").asLong()).isZero();
        assertThat(stats.get("below_threshold").asLong()).isEqualTo(2);
        assertThat(stats.get("config").get("min_power_delta_w").asDouble()).isEqualTo(2500.0);
    }

    @Test
    void theDashboardShowsTheHomeItIsOpenedFor() throws Exception {
        assertThat(fleet.get("/?home=flat-2").status()).isEqualTo(200);
        JsonNode kettle = fleet.get("/api/correlations?home=flat-2&limit=10").json();
        assertThat(kettle).hasSize(2);
        assertThat(kettle.get(0).get("entity_id").asText()).isEqualTo("switch.kettle");
        JsonNode lamp = fleet.get("/api/correlations?home=flat-1").json();
        assertThat(lamp).hasSize(1);
        assertThat(lamp.get(0).get("entity_id").asText()).isEqualTo("switch.living_room_lamp");
        JsonNode devices = fleet.get("/devices?home=flat-2").json();
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("entity_id").asText()).isEqualTo("switch.kettle");
    }

    @Test
    void aRequestNamesItsHome() throws Exception {
        var none = fleet.get("/statistics");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("error").asText())
                .isEqualTo("home: this service serves 5 homes; name one, e.g. ?home=flat-1 (GET /homes lists them)");
        var unknown = fleet.get("/devices?home=nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("home: no home 'nope' here (GET /homes lists them)");
        // only what the query says: a header of that name is not a home
        var byHeader = fleet.send(java.net.http.HttpRequest.newBuilder(fleet.uri("/statistics?home=flat-1")).header("home", "nope").build());
        assertThat(byHeader.status()).isEqualTo(200);
        var notAnId = fleet.get("/devices?home=%3Cscript%3E");
        assertThat(notAnId.status()).isEqualTo(404);
        assertThat(notAnId.json().get("error").asText()).isEqualTo("home: no home of that id here (GET /homes lists them)");
    }

    @Test
    void theBadHomeIsUnhealthyOnItsOwnAndTheProcessSaysDegraded() throws Exception {
        JsonNode homes = fleet.get("/homes").json();
        assertThat(homes).hasSize(5);
        assertThat(homes.get(0).get("home").asText()).isEqualTo("flat-1");
        assertThat(homes.get(0).get("health").get("status").asText()).isEqualTo("healthy");
        assertThat(homes.get(1).get("home").asText()).isEqualTo("flat-2");
        assertThat(homes.get(1).get("health").get("status").asText()).isEqualTo("healthy");
        assertThat(homes.get(2).get("home").asText()).isEqualTo("ghost");
        // one cycle, failed, and none has succeeded yet: as a single home's /health says (unhealthy after 3 in a row)
        assertThat(homes.get(2).get("health").get("status").asText()).isEqualTo("starting");
        assertThat(homes.get(2).get("health").get("failed_fetches").asLong()).isEqualTo(1);
        assertThat(homes.get(2).get("health").get("consecutive_failed_cycles").asLong()).isEqualTo(1);
        assertThat(homes.get(2).get("health").get("last_error").asText()).contains("no-such-bucket");

        // a token its server refuses: unhealthy at once, by the probe of its own server and token
        assertThat(homes.get(4).get("home").asText()).isEqualTo("stranger");
        assertThat(homes.get(4).get("health").get("status").asText()).isEqualTo("unhealthy");
        assertThat(homes.get(4).get("health").get("influxdb").asText()).endsWith("rejected the token (401 unauthorized)");

        var health = fleet.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("degraded");
        assertThat(health.json().get("last_error").asText()).startsWith("home ghost: ");
        // the probe of the server the homes share: reachable, token accepted (the ghost's bucket shows in its cycles)
        assertThat(health.json().get("influxdb").asText()).isEqualTo("ok");
    }

    /** A lamp: the lamp example (60 W up) and a 5 W hall light, below the threshold. */
    private static List<String> lampHouse(Instant now) {
        Instant lamp = now.minusSeconds(120);
        Instant hall = now.minusSeconds(60);
        return List.of(meter(lamp.minusSeconds(15), 2440), meter(lamp.minusSeconds(5), 2450), meter(lamp.plusSeconds(5), 2510),
                meter(lamp.plusSeconds(15), 2505), meter(hall.minusSeconds(5), 2500), meter(hall.plusSeconds(5), 2505),
                event(lamp, "switch.living_room_lamp", "switch", "on", "off"), event(hall, "light.hall", "light", "on", "off"));
    }

    /** A kettle on (2000 W up) and off again. */
    private static List<String> kettleHouse(Instant now) {
        Instant on = now.minusSeconds(200);
        Instant off = now.minusSeconds(100);
        return List.of(meter(on.minusSeconds(5), 300), meter(on.plusSeconds(5), 2300), meter(off.minusSeconds(5), 2310),
                meter(off.plusSeconds(5), 310), event(on, "switch.kettle", "switch", "on", "off"),
                event(off, "switch.kettle", "switch", "off", "on"));
    }

    private static void awaitCycle(String routeId) throws InterruptedException {
        ManagedRouteMBean route = fleet.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (route.getExchangesTotal() < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(routeId + " did not finish a cycle within 60 s");
            }
            Thread.sleep(20);
        }
    }
}
