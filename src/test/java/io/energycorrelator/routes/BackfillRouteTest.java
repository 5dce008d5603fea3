package io.energycorrelator.routes;

import io.energycorrelator.backfill.Backfill;
import io.energycorrelator.correlate.Cycle;
import io.energycorrelator.correlate.RangeStates;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real routes/backfill.camel.yaml in seconds, without InfluxDB: {@code direct:correlate-range} is a stand-in
 * that tallies 2 state changes and 1 correlation per chunk (after 300 ms, and before it fails when told to), and the
 * profiles' and daily energy's routes are recorded. A day in spans of 2 hours: 12 chunks on 3 workers.
 */
class BackfillRouteTest extends RealRoutesTestSupport {

    private static final Instant DAY = Instant.parse("2024-03-01T00:00:00Z");
    /** The chunk (after, until] of the span from 10:00 on, the one told to fail. */
    private static final Instant FAILING = DAY.plus(Duration.ofHours(10)).minusNanos(1);

    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    private final List<Cycle> failingAttempts = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile int failuresToGive;

    @Override
    protected String routeFiles() {
        return "file:routes/backfill.camel.yaml,file:routes/errors.camel.yaml";
    }

    @Override
    protected Map<String, String> overrides() {
        return Map.of("correlator.max-cycle-span-minutes", "120", "correlator.backfill.workers", "3");
    }

    @Test
    void aDayIsCorrelatedInTwelveChunksOnThreeWorkersAndAChunkThatFailedIsSentAgainAfresh() throws Exception {
        failuresToGive = 2;
        Map<String, Object> done = backfillOneDay();

        assertThat(done.get("status")).isEqualTo("completed");
        // 12 chunks of 2 state changes: the failed attempts' tallies are not counted
        assertThat(done.get("events_processed")).isEqualTo(24L);
        assertThat(done.get("correlations_written")).isEqualTo(12L);
        assertThat(done.get("percent_done")).isEqualTo(100.0);
        assertThat(done.get("error")).isNull();
        // three attempts of the same plan (its range), each counted afresh
        assertThat(failingAttempts).hasSize(3);
        assertThat(failingAttempts).extracting(Cycle::after).containsOnly(FAILING);
        assertThat(failingAttempts).extracting(Cycle::until).containsOnly(FAILING.plus(Duration.ofHours(2)));
        // every chunk, then the profiles, then the daily energy of the range
        assertThat(steps).hasSize(12 + 2);
        assertThat(steps.subList(0, 12)).allMatch(s -> s.startsWith("chunk "));
        assertThat(Set.copyOf(steps.subList(0, 12))).hasSize(12);
        assertThat(steps.subList(12, 14)).containsExactly("store-profiles " + DAY + " " + DAY.plus(Duration.ofDays(1)),
                "daily-energy " + DAY + " " + DAY.plus(Duration.ofDays(1)));
        // the spans went side by side on the backfill-workers profile's 3 threads
        assertThat(threads).hasSize(3);
        assertThat(mostInFlight.get()).isEqualTo(3);
    }

    @Test
    void aChunkThatFailsThreeTimesFailsTheBackfillWithItsMessage() throws Exception {
        failuresToGive = Integer.MAX_VALUE;
        Map<String, Object> done = backfillOneDay();

        assertThat(done.get("status")).isEqualTo("failed");
        assertThat(done.get("error")).isEqualTo("InfluxDB timed out");
        assertThat(done.get("finished_at")).isNotNull();
        assertThat(failingAttempts).hasSize(3);
        assertThat(steps).noneMatch(s -> s.startsWith("store-profiles") || s.startsWith("daily-energy"));
        // the next backfill is accepted
        assertThat(backfill().start(oneDay()).status()).isEqualTo(202);
    }

    private Map<String, Object> backfillOneDay() throws Exception {
        AdviceWith.adviceWith(context, "backfill-chunk",
                a -> a.weaveByToUri("direct:correlate-range").replace().process(this::correlateRange));
        AdviceWith.adviceWith(context, "backfill", a -> {
            a.weaveByToUri("direct:store-profiles").replace().process(e -> record("store-profiles", e));
            a.weaveByToUri("direct:daily-energy-for-range").replace().process(e -> record("daily-energy", e));
        });
        context.start();
        assertThat(backfill().start(oneDay()).status()).isEqualTo(202);
        template.sendBody("seda:backfill", null); // what POST /backfill's route does once accepted
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, Object> status = backfill().status().body();
        while ("running".equals(status.get("status")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            status = backfill().status().body();
        }
        return status;
    }

    private void correlateRange(Exchange exchange) throws InterruptedException {
        Cycle chunk = exchange.getProperty("cycle", Cycle.class);
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        threads.add(Thread.currentThread().getName());
        try {
            Thread.sleep(300);
            // what correlate-range's beans leave: each attempt's state made afresh
            RangeStates.ran(exchange, 2, 1, 1);
            if (chunk.after().equals(FAILING)) {
                failingAttempts.add(chunk);
                if (failingAttempts.size() <= failuresToGive) {
                    throw new IllegalStateException("InfluxDB timed out");
                }
            }
            steps.add("chunk " + chunk.after());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void record(String step, Exchange exchange) {
        steps.add(step + " " + exchange.getMessage().getHeader("start") + " " + exchange.getMessage().getHeader("end"));
    }

    private Backfill backfill() {
        return context.getRegistry().lookupByNameAndType("backfill", Backfill.class);
    }

    private static String oneDay() {
        return "{\"start\":\"" + DAY + "\",\"end\":\"" + DAY.plus(Duration.ofDays(1)) + "\"}";
    }
}
