package io.energycorrelator.http;

import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.Household;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.KeepAliveConnection;
import io.energycorrelator.support.LogLines;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 clients at once, 50 requests each (GET /health, /statistics and /backfill in turn), while a cycle runs
 * every second: every request answered 200, none slower than 1 s. Each client has its own keep-alive
 * connection, opened before the clock starts, as health checkers and dashboards keep theirs.
 */
@ExtendWith(InfluxDbExtension.class)
class LoadIT {

    private static final int CLIENTS = 200;
    private static final int REQUESTS_EACH = 50;
    private static final List<String> PATHS = List.of("/health", "/statistics", "/backfill");

    /**
     * 10,000 requests from 10 clients first, so that the JIT has compiled the request path (as it has in a
     * service that has been answering health checks for a while) and the test measures answering, not compiling:
     * measured here, the first 10,000 requests of a fresh JVM took up to 2 s, the next 10,000 at most 0.3 s.
     */
    private static void warmUp(int port) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 10; c++) {
                done.add(clients.submit(() -> {
                    try (KeepAliveConnection connection = new KeepAliveConnection(port)) {
                        for (int r = 0; r < 1000; r++) {
                            connection.get(PATHS.get(r % PATHS.size()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void twoHundredClientsAtOnceAreAllAnsweredWithinASecond(TestBucket bucket) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        bucket.writeAll(Household.switches("load", now.minusSeconds(240), 200, Duration.ofMillis(1100)));
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.putAll(Household.settings());
        settings.put("correlator.processing-interval-seconds", "1");
        settings.put("correlator.max-events-per-cycle", "20"); // the backlog keeps the cycles busy while the load runs
        try (LogLines log = LogLines.capture(); RunningService service = RunningService.start(settings)) {
            ApiClient api = service.api();
            api.await("/health", h -> "healthy".equals(h.get("status").asText()), 30);
            warmUp(api.port());
            long startedBefore = api.get("/health").json().get("total_fetches").asLong();
            boolean cycleInFlight = startedBefore > service.cyclesSoFar();

            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            long[][] millis = new long[CLIENTS][REQUESTS_EACH];
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long t0 = System.nanoTime();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    done.add(clients.submit(() -> {
                        try (KeepAliveConnection connection = new KeepAliveConnection(api.port())) {
                            go.await();
                            for (int r = 0; r < REQUESTS_EACH; r++) {
                                String path = PATHS.get((client + r) % PATHS.size());
                                long start = System.nanoTime();
                                try {
                                    KeepAliveConnection.Answer answer = connection.get(path);
                                    if (answer.status() != 200 || !answer.contentType().equals("application/json")
                                            || !answer.body().startsWith("{")) {
                                        failures.add(path + " -> " + answer.status() + " " + answer.body());
                                    }
                                } catch (Exception e) {
                                    failures.add(path + " -> " + e);
                                }
                                millis[client][r] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }
            long totalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long[] all = Arrays.stream(millis).flatMapToLong(Arrays::stream).sorted().toArray();
            long cyclesStarted = api.get("/health").json().get("total_fetches").asLong() - startedBefore;
            System.out.printf("%d requests by %d clients in %d ms while %d cycles started (one running at the start: %s):"
                    + " median %d ms, p99 %d ms, slowest %d ms;"
                    + " slowest first request of a client %d ms, slowest later one %d ms%n",
                    all.length, CLIENTS, totalMillis, cyclesStarted, cycleInFlight, all[all.length / 2], all[all.length * 99 / 100],
                    all[all.length - 1], Arrays.stream(millis).mapToLong(m -> m[0]).max().orElseThrow(),
                    Arrays.stream(millis).flatMapToLong(m -> Arrays.stream(m, 1, m.length)).max().orElseThrow());

            assertThat(failures).isEmpty();
            assertThat(all).hasSize(CLIENTS * REQUESTS_EACH);
            assertThat(all[all.length - 1]).as("slowest request, ms").isLessThan(1000);
            assertThat(cyclesStarted > 0 || cycleInFlight).as("a cycle ran meanwhile").isTrue();
            assertThat(log.at("ERROR")).isEmpty();
            assertThat(service.get("/statistics").json().get("errors").asLong()).isZero();
        }
    }
}
