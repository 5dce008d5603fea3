package io.energycorrelator.observe;

import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.InfluxDbExtension;
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
 * GET /health asks InfluxDB at most once per cache period, however many health checks come at once, and
 * answers within the probe timeout whatever InfluxDB does (a hung one: faults/InfluxDbOutageIT).
 */
@ExtendWith(InfluxDbExtension.class)
class HealthProbeIT {

    private static final int CONCURRENT = 50;

    @Test
    void concurrentHealthChecksMakeOneProbePerCachePeriod(TestBucket bucket) throws Exception {
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.put("correlator.health.cache-seconds", "3");
        try (RunningService service = RunningService.start(settings)) {
            InfluxDbProbe probe = service.context().getRegistry().lookupByNameAndType("influxDbProbe", InfluxDbProbe.class);
            long pingsBefore = pings(bucket.url());

            List<ApiClient.Response> first = concurrently(service.api());
            List<ApiClient.Response> second = concurrently(service.api());
            long probesWithinOnePeriod = probe.probesSoFar();
            long pingsWithinOnePeriod = pings(bucket.url()) - pingsBefore;
            Thread.sleep(3500);
            List<ApiClient.Response> third = concurrently(service.api());
            Thread.sleep(200); // the refresh those started ends
            long probesAfterTwoPeriods = probe.probesSoFar();

            assertThat(probesWithinOnePeriod).isEqualTo(1);
            assertThat(pingsWithinOnePeriod).as("GET /ping requests InfluxDB itself counted").isEqualTo(1);
            assertThat(probesAfterTwoPeriods).isEqualTo(2);
            for (List<ApiClient.Response> batch : List.of(first, second, third)) {
                assertThat(batch).hasSize(CONCURRENT).allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.json().get("influxdb").asText()).isEqualTo("ok");
                });
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
            assertThat(millis).isLessThan(2000);
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
