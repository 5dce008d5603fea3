package io.energycorrelator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * 100,000 state changes arrive at once (a restore, an import, a long outage of the service): the live cycle
 * takes them in successive cycles of MAX_EVENTS_PER_CYCLE, /statistics shows the backlog going down to 0,
 * and the output is exactly that of a run which takes them all in one cycle: none lost, none twice.
 */
@ExtendWith(InfluxDbExtension.class)
class BacklogIT {

    private static final int EVENTS = 100_000;
    private static final int PER_CYCLE = 10_000;

    /**
     * A state change every 2 s (at even seconds, 55.6 hours of them), 20 entities taking turns, and a meter
     * reading every 2 s at odd seconds: each step is the sum of the last five state changes' loads, so steps
     * differ, some stay below the threshold, and neighbouring state changes overlap.
     */
    private static List<String> household(Instant first) {
        List<String> lines = new ArrayList<>(EVENTS * 2 + 2);
        double power = 1000;
        for (int i = 0; i < EVENTS; i++) {
            Instant t = first.plusSeconds(2L * i);
            boolean on = (i / 20) % 2 == 0;
            lines.add(event(t, "switch.s" + (i % 20), "switch", on ? "on" : "off", on ? "off" : "on"));
            lines.add(meter(t.plusSeconds(1), power));
            power += (on ? 1 : -1) * (3 + (i * 37) % 90);
        }
        lines.add(meter(first.minusSeconds(1), 1000));
        return lines;
    }

    private static Map<String, String> settings(TestBucket bucket, int perCycle) {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.late-data-grace-seconds", "0");
        settings.put("correlator.lookback-minutes", "4000");
        settings.put("correlator.max-cycle-span-minutes", "10080"); // one span: the backlog counts all that waits
        settings.put("correlator.max-events-per-cycle", Integer.toString(perCycle));
        return settings;
    }

    @Test
    void aHundredThousandStateChangesAtOnceAreTakenInSuccessiveCyclesNoneLostNoneTwice(TestBucket cut, TestBucket whole)
            throws Exception {
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(60));
        List<String> lines = household(first);
        cut.writeAll(lines);
        whole.writeAll(lines);

        List<Long> backlog = new ArrayList<>();
        List<Long> processed = new ArrayList<>();
        JsonNode stats;
        try (RunningService service = RunningService.start(settings(cut, PER_CYCLE))) {
            ApiClient api = service.api();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            do {
                JsonNode now = api.get("/statistics").json();
                if (processed.isEmpty() || now.get("total_events_processed").asLong() != processed.get(processed.size() - 1)) {
                    processed.add(now.get("total_events_processed").asLong());
                    backlog.add(now.get("backlog_events").asLong());
                }
                Thread.sleep(50);
            } while (processed.get(processed.size() - 1) < EVENTS && System.nanoTime() < deadline);
            service.awaitCycles(service.cyclesSoFar() + 1);
            stats = api.get("/statistics").json();
        }
        System.out.printf("backlog_events seen after each cycle: %s%n", backlog);

        assertThat(stats.get("total_events_processed").asLong()).isEqualTo(EVENTS);
        assertThat(stats.get("backlog_events").asLong()).isZero();
        assertThat(processed).doesNotHaveDuplicates().isSorted().last().isEqualTo((long) EVENTS);
        // every cycle took 10,000 (one instant each: none shared), and said how many were still waiting
        for (int i = 1; i < processed.size(); i++) {
            assertThat(processed.get(i) % PER_CYCLE).isZero();
            assertThat(backlog.get(i)).isEqualTo(EVENTS - processed.get(i));
        }
        assertThat(backlog.subList(1, backlog.size())).isSortedAccordingTo((a, b) -> Long.compare(b, a)).endsWith(0L);
        assertThat(backlog).anySatisfy(b -> assertThat(b).isGreaterThan(0L));

        JsonNode reference;
        try (RunningService once = RunningService.start(settings(whole, 1_000_000))) {
            reference = once.api().await("/statistics", s -> s.get("total_events_processed").asLong() >= EVENTS, 120);
        }
        for (String field : List.of("total_events_processed", "correlations_found", "correlations_written", "below_threshold",
                "skipped")) {
            assertThat(stats.get(field)).as(field).isEqualTo(reference.get(field));
        }
        List<String> expected = whole.correlationLines();
        assertThat(expected).hasSize(reference.get("correlations_written").intValue()).hasSizeGreaterThan(EVENTS / 2);
        assertThat(cut.correlationLines()).hasSize(expected.size()).doesNotHaveDuplicates().isEqualTo(expected);
    }
}
