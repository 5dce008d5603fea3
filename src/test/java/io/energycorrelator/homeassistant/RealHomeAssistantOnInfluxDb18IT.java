package io.energycorrelator.homeassistant;

import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.HomeAssistant;
import io.energycorrelator.support.HomeAssistantExtension;
import io.energycorrelator.support.HomeAssistantRows;
import io.energycorrelator.support.HomeAssistantRows.Row;
import io.energycorrelator.support.PackagedService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A real Home Assistant 2025.4 as Home Assistant OS users run it: its InfluxDB integration with {@code api_version: 1}
 * writing to InfluxDB 1.8 (the add-on's), with {@code max_retries: 6}. InfluxDB is stopped for 90 s while Home Assistant
 * switches: Home Assistant keeps the rows, retries every 20 s, and once InfluxDB is back writes them with their
 * original times, long after the service's watermark passed them. The service reads them as late rows and
 * correlates each state change exactly once, with the right steps. (With api_version 2 the same Home Assistant loses
 * such rows: RealHomeAssistantIT.)
 *
 * <p>The step rule's reach is 15 s (tolerance and window 5 s) and switchings are 20 s apart, as in RealHomeAssistantIT.
 */
class RealHomeAssistantOnInfluxDb18IT {

    /** Six retries 20 s apart: a failed write is tried for 120 s, and what queues meanwhile is kept 30 + 120 s. */
    @RegisterExtension
    static final HomeAssistantExtension HOUSE = HomeAssistantExtension.onInfluxDb18(6);

    private static final Duration SPACING = Duration.ofSeconds(20);
    private static final Duration OUTAGE = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void homeAssistantRetriesThroughAnOutageAndTheServiceCorrelatesEachLateRowOnce() throws Exception {
        HomeAssistant ha = HOUSE.homeAssistant();
        TestBucket bucket = HOUSE.bucket();
        HomeAssistantRows written = new HomeAssistantRows(bucket, Instant.now().minusSeconds(60));
        Map<String, String> env = HOUSE.serviceEnvironment();
        env.put("ALIGNED_TOLERANCE_SECONDS", "5");
        env.put("ALIGNED_WINDOW_SECONDS", "5");
        try (PackagedService service = PackagedService.start(env)) {
            // The rows of the initial states, if Home Assistant wrote any (see RealHomeAssistantIT), out of reach first.
            Thread.sleep(2_000);
            List<Row> initial = written.states();
            assertThat(initial).allMatch(r -> r.state().equals("off"));
            HomeAssistantRows.sleepUntil(written.newest().plus(SPACING));

            int logBefore = ha.log().length();
            HOUSE.influx().stop();
            Instant stopped = Instant.now();
            Thread.sleep(2_000);
            ha.call("switch", "turn_on", "switch.kettle");
            Thread.sleep(SPACING.toMillis());
            ha.call("switch", "turn_off", "switch.kettle");
            Thread.sleep(SPACING.toMillis());
            ha.call("light", "turn_on", "light.lamp");
            Thread.sleep(SPACING.toMillis());
            ha.call("light", "turn_off", "light.lamp");
            HomeAssistantRows.sleepUntil(stopped.plus(OUTAGE));
            // Meanwhile the service's cycles failed; they go on as soon as InfluxDB is back, before Home Assistant's next
            // retry, and carry the watermark past the outage.
            HOUSE.influx().restart();
            Instant restarted = Instant.now();

            List<Row> rows = awaitSwitchings(written, initial, 4);
            Instant delivered = Instant.now();
            System.out.printf("InfluxDB stopped %s, started %s; Home Assistant's rows there by %s%n", stopped, restarted, delivered);
            List<String> log = ha.log().substring(logBefore).lines().filter(l -> l.contains("[homeassistant.components.influxdb]")).toList();
            System.out.println("Home Assistant's InfluxDB log meanwhile:\n" + String.join("\n", log));
            // Retried in silence (it logs an error only when the retries run out), then the first batch and the rest:
            // the 4 switchings and their 4 meter rows, nothing dropped ("Wrote 2 events.", "Wrote 6 events." here).
            assertThat(log).allMatch(l -> l.contains(" DEBUG ") && l.matches(".*Wrote \\d+ events\\.$"));
            assertThat(log.stream().mapToInt(l -> Integer.parseInt(l.replaceAll(".*Wrote (\\d+) events\\.$", "$1"))).sum())
                    .isEqualTo(8);
            assertThat(rows).extracting(Row::entityId, Row::state).containsExactly(tuple("switch.kettle", "on"),
                    tuple("switch.kettle", "off"), tuple("light.lamp", "on"), tuple("light.lamp", "off"));
            // Written late, with the times of the state changes: all within the outage.
            assertThat(rows).allMatch(r -> r.time().isAfter(stopped) && r.time().isBefore(restarted));
            assertThat(written.meter()).filteredOn(r -> r.time().isAfter(stopped) && r.time().isBefore(restarted))
                    .extracting(HomeAssistantRows.Reading::watts).containsExactly(1350.0, 150.0, 210.0, 150.0);

            List<FluxRecord> points = bucket.awaitCorrelationPoints(4, WAIT);
            String kettleBefore = initial.stream().anyMatch(r -> r.entityId().equals("switch.kettle")) ? "off" : "unknown";
            String lampBefore = initial.stream().anyMatch(r -> r.entityId().equals("light.lamp")) ? "off" : "unknown";
            assertThat(points).extracting(p -> p.getTime(), p -> p.getValueByKey("entity_id"), p -> p.getValueByKey("previous_state"),
                    p -> p.getValueByKey("state"), p -> p.getValueByKey("power_before_w"), p -> p.getValueByKey("power_after_w"))
                    .containsExactly(
                            tuple(rows.get(0).time(), "switch.kettle", kettleBefore, "on", 150.0, 1350.0),
                            tuple(rows.get(1).time(), "switch.kettle", "on", "off", 1350.0, 150.0),
                            tuple(rows.get(2).time(), "light.lamp", lampBefore, "on", 150.0, 210.0),
                            tuple(rows.get(3).time(), "light.lamp", "on", "off", 210.0, 150.0));
            // A few cycles later: nothing twice.
            Thread.sleep(6_000);
            assertThat(bucket.correlationPoints()).hasSize(4);
        }
    }

    /** Waits until Home Assistant's rows of that many switchings are in InfluxDB; returns them. */
    private static List<Row> awaitSwitchings(HomeAssistantRows written, List<Row> initial, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Row> rows = List.of();
        while (System.nanoTime() < deadline) {
            try {
                rows = written.states().stream().filter(r -> !initial.contains(r)).toList();
                if (rows.size() >= count) {
                    return rows;
                }
            } catch (RuntimeException notUpYet) {
                // InfluxDB is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Home Assistant's rows of " + count + " switchings did not arrive within " + WAIT + ": " + rows);
    }
}
