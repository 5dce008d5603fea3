package io.energycorrelator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From the first moment its port accepts connections until its routes run, the service answers every request
 * with 503 and the health body, status "starting" (never a 404 or an HTML page); then the API answers.
 */
@ExtendWith(InfluxDbExtension.class)
class StartupGateIT {

    private static final List<String> HEALTH_FIELDS = List.of("status", "service", "uptime_seconds",
            "last_successful_fetch", "total_fetches", "failed_fetches", "success_rate", "influxdb",
            "consecutive_failed_cycles", "last_error", "mqtt", "role", "node", "zookeeper");

    /** What a request got. */
    private record Seen(String request, int status, String contentType, JsonNode body) {
        boolean starting() {
            return status == 503 && body != null && "starting".equals(body.path("status").asText());
        }
    }

    /** What each request gets once the routes run (this service has no cycle yet; a backfill may be running). */
    private static final Map<String, List<Integer>> ONCE_RUNNING = Map.of("GET /health", List.of(200),
            "GET /statistics", List.of(200), "GET /backfill", List.of(200), "GET /nope", List.of(404),
            "POST /statistics/reset", List.of(200), "POST /backfill", List.of(202, 409));

    @Test
    void untilTheRoutesRunEveryPathAnswers503StartingAsJson(TestBucket bucket) throws Exception {
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.put("camel.main.routesIncludePattern", "file:routes/*.camel.yaml,classpath:routes/slow-start.camel.yaml");
        int port = RunningService.freePort();
        ApiClient api = new ApiClient(port);
        long t0 = System.nanoTime();
        CompletableFuture<RunningService> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return RunningService.start(settings, port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // from the first moment the port accepts a connection until a while after the start has ended
        List<Seen> seen = new ArrayList<>();
        long firstAnswerMillis = -1;
        int roundsAfterStart = 0;
        while (roundsAfterStart < 5 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(90)) {
            roundsAfterStart += starting.isDone() ? 1 : 0;
            for (HttpRequest request : requests(api)) {
                ApiClient.Response response;
                try {
                    response = api.send(request);
                } catch (IOException notListeningYet) {
                    continue;
                }
                if (firstAnswerMillis < 0) {
                    firstAnswerMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                }
                JsonNode body = response.contentType().equals("application/json") ? response.json() : null;
                seen.add(new Seen(request.method() + " " + request.uri().getPath(), response.status(),
                        response.contentType(), body));
            }
            Thread.sleep(5);
        }
        try (RunningService service = starting.get(60, TimeUnit.SECONDS)) {
            int firstRunning = 0;
            while (firstRunning < seen.size() && seen.get(firstRunning).starting()) {
                firstRunning++;
            }
            List<Seen> before = seen.subList(0, firstRunning);
            List<Seen> after = seen.subList(firstRunning, seen.size());
            System.out.printf("first answer %d ms after start-up began; %d answers before the routes ran%n",
                    firstAnswerMillis, before.size());

            // the slow route holds the start for 3 s: plenty of requests land in between, each of every kind
            assertThat(before).hasSizeGreaterThan(20);
            assertThat(before).extracting(Seen::request).containsAll(ONCE_RUNNING.keySet());
            for (Seen s : before) {
                assertThat(s.contentType()).as(s.request()).isEqualTo("application/json");
                assertThat(s.body().fieldNames()).toIterable().containsExactlyElementsOf(HEALTH_FIELDS);
                assertThat(s.body().get("influxdb").asText()).isEqualTo("not checked while the service is starting");
            }
            // then the API itself answers, never "starting" again, never HTML; an unknown path gets a JSON 404
            assertThat(after).hasSizeGreaterThanOrEqualTo(5 * ONCE_RUNNING.size());
            for (Seen s : after) {
                assertThat(s.status()).as(s.request()).isIn(ONCE_RUNNING.get(s.request()));
                assertThat(s.contentType()).as(s.request()).isEqualTo("application/json");
                assertThat(s.body().has("error") || s.body().has("status") || s.body().has("message")
                        || s.body().has("total_events_processed")).as(s.request()).isTrue();
            }
            assertThat(service.get("/health").json().get("status").asText()).isEqualTo("starting"); // no cycle yet: 200
        }
    }

    private static List<HttpRequest> requests(ApiClient api) {
        return List.of(
                HttpRequest.newBuilder(api.uri("/health")).build(),
                HttpRequest.newBuilder(api.uri("/statistics")).build(),
                HttpRequest.newBuilder(api.uri("/backfill")).build(),
                HttpRequest.newBuilder(api.uri("/nope")).build(),
                HttpRequest.newBuilder(api.uri("/statistics/reset")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(api.uri("/backfill")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"start\":\"2024-01-01T00:00:00Z\",\"end\":\"2024-01-02T00:00:00Z\"}"))
                        .build());
    }
}
