package io.energycorrelator.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.ControlledInfluxDb;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.KeepAliveConnection;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /health never waits for InfluxDB: it answers what the last probe found, and a probe runs in the
 * background once per period however many health checks come. A hung InfluxDB (a real influxd, stopped with
 * SIGSTOP) shows as unhealthy within the probe timeout, and /health still answers within half a second, even
 * while the server's worker threads all wait for InfluxDB on the dashboard's behalf.
 */
@ExtendWith(InfluxDbExtension.class)
class HealthProbeIT {

    private static final int CONCURRENT = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthChecksMakeNoProbesOfTheirOwn(TestBucket bucket) throws Exception {
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.put("correlator.health.cache-seconds", "10");
        try (RunningService service = RunningService.start(settings)) {
            InfluxDbProbe probe = service.context().getRegistry().lookupByNameAndType("influxDbProbe", InfluxDbProbe.class);
            long probed = awaitNextProbe(probe);
            Thread.sleep(300); // that probe's two calls end
            long pingsBefore = pings(bucket.url());
            long t0 = System.nanoTime();

            List<ApiClient.Response> answers = new ArrayList<>();
            for (int batch = 0; batch < 3; batch++) {
                answers.addAll(concurrently(service.api()));
            }
            long probes = probe.probesSoFar();
            long pings = pings(bucket.url()) - pingsBefore;
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

            assertThat(seconds).as("the health checks ran within one period").isLessThan(9);
            assertThat(probes).as("no probe but the periodic one").isEqualTo(probed);
            assertThat(pings).as("GET /ping requests InfluxDB itself counted").isZero();
            assertThat(answers).hasSize(3 * CONCURRENT).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().get("influxdb").asText()).isEqualTo("ok");
            });
            // the next period's probe comes by itself, with no health check asking
            assertThat(awaitNextProbe(probe)).isEqualTo(probed + 1);
        }
    }

    @Test
    void whileInfluxDbHangsHealthAnswersWithinHalfASecondAndTellsIt() throws Exception {
        try (ControlledInfluxDb influx = ControlledInfluxDb.start(); TestBucket bucket = influx.createBucket("hung")) {
            Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
            settings.put("correlator.health.probe-timeout-seconds", "1");
            settings.put("correlator.health.cache-seconds", "1");
            settings.put("correlator.influxdb.timeout-seconds", "30"); // the dashboard's requests wait all the hang
            try (RunningService service = RunningService.start(settings)) {
                service.api().await("/health", h -> "ok".equals(h.get("influxdb").asText()), 10);
                String noAnswer = "InfluxDB at " + bucket.url() + " did not answer within 1 s";
                ExecutorService dashboards = Executors.newFixedThreadPool(40);
                // the health checker's own connection, kept alive as health checkers keep theirs
                KeepAliveConnection checker = new KeepAliveConnection(service.api().port());
                influx.pause();
                try {
                    // 40 requests that wait for the hung InfluxDB: more than the server has worker threads (Vert.x: 20)
                    for (int i = 0; i < 40; i++) {
                        dashboards.submit(() -> service.get("/api/correlations"));
                    }
                    Thread.sleep(1000); // all 40 sent and waiting (their connections' set-up is the client's cost, not /health's)
                    List<Long> millis = new ArrayList<>();
                    List<String> influxdb = new ArrayList<>();
                    List<Integer> statuses = new ArrayList<>();
                    long hangEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                    while (System.nanoTime() < hangEnds) {
                        long t0 = System.nanoTime();
                        KeepAliveConnection.Answer health = checker.get("/health");
                        millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                        statuses.add(health.status());
                        influxdb.add(JSON.readTree(health.body()).get("influxdb").asText());
                        Thread.sleep(100);
                    }
                    System.out.printf("/health while influxd is stopped (SIGSTOP), from 1 s to 9 s, 40 requests waiting for it: "
                            + "%d answers, slowest %d ms, median %d ms; first 503 after %d answers%n", millis.size(), max(millis),
                            millis.stream().sorted().toList().get(millis.size() / 2), statuses.indexOf(503));

                    assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(500));
                    int first503 = statuses.indexOf(503);
                    // a probe every second, each failing after 1 s: seen within 2 s of the hang and a bit
                    // (1 s of it before the first answer, then about 9 answers a second)
                    assertThat(first503).as("503 within 3 s of the hang").isBetween(0, 18);
                    assertThat(statuses.subList(first503, statuses.size())).containsOnly(503);
                    assertThat(influxdb.subList(first503, influxdb.size())).containsOnly(noAnswer);
                } finally {
                    influx.resume();
                    dashboards.shutdownNow();
                    checker.close();
                }
                JsonNode back = service.api().await("/health", h -> "ok".equals(h.get("influxdb").asText()), 15);
                assertThat(back.get("status").asText()).isEqualTo("starting");
            }
        }
    }

    /** Started while InfluxDB hangs: the first health check does not wait for the first probe either. */
    @Test
    void startedWhileInfluxDbHangsTheFirstHealthCheckAnswersAtOnce() throws Exception {
        try (ControlledInfluxDb influx = ControlledInfluxDb.start(); TestBucket bucket = influx.createBucket("hung-at-start")) {
            Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
            settings.put("correlator.health.probe-timeout-seconds", "2");
            influx.pause();
            try (RunningService service = RunningService.start(settings)) {
                service.get("/dashboard/dashboard.css"); // the test's HTTP client loads its classes
                List<Long> millis = new ArrayList<>();
                List<ApiClient.Response> answers = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    answers.add(service.get("/health"));
                    millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                }
                System.out.printf("/health of a service started while influxd is stopped: %s ms%n", millis);

                assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(500));
                assertThat(answers).allSatisfy(a -> {
                    assertThat(a.status()).isEqualTo(503);
                    assertThat(a.json().get("influxdb").asText()).isEqualTo("InfluxDB at " + bucket.url() + " did not answer within 2 s");
                });
            } finally {
                influx.resume();
            }
        }
    }

    @Test
    void anUnreachableInfluxDbIsToldAtOnce(TestBucket bucket) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.put("correlator.influxdb.url", "http://127.0.0.1:" + closedPort);
        try (RunningService service = RunningService.start(settings)) {
            long t0 = System.nanoTime();
            ApiClient.Response health = service.get("/health");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("influxdb").asText()).isEqualTo("InfluxDB at http://127.0.0.1:" + closedPort + " is not reachable");
            assertThat(millis).isLessThan(500);
        }
    }

    /** {@link #CONCURRENT} GET /health sent at the same moment. */
    private static List<ApiClient.Response> concurrently(ApiClient api) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return api.get("/health");
                }));
            }
            go.countDown();
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> answer : answers) {
                responses.add(answer.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            clients.shutdownNow();
        }
    }

    /** Waits until the next periodic probe has started; returns the probes so far. */
    private static long awaitNextProbe(InfluxDbProbe probe) throws InterruptedException {
        long before = probe.probesSoFar();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (probe.probesSoFar() == before) {
            assertThat(System.nanoTime()).as("a probe within 15 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        return probe.probesSoFar();
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** GET /ping requests the InfluxDB server has answered so far, by its own Prometheus metrics. */
    static long pings(String influxUrl) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(influxUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^http_api_requests_total\\{[^}]*path=\"/ping\"[^}]*} (\\S+)$").matcher(metrics);
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }
}
