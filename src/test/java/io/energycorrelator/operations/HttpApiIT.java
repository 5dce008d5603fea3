package io.energycorrelator.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP contract (docs/http-api.md), on the real service, before and after its first cycle. */
@ExtendWith(InfluxDbExtension.class)
class HttpApiIT {

    private static final List<String> HEALTH_FIELDS = List.of("status", "service", "uptime_seconds",
            "last_successful_fetch", "total_fetches", "failed_fetches", "success_rate", "influxdb",
            "consecutive_failed_cycles", "last_error", "mqtt", "role", "node", "zookeeper");

    private static TestBucket bucket;
    /** A service whose first cycle is an hour away: it stays "starting". */
    private static RunningService waiting;

    @BeforeAll
    static void start(TestBucket testBucket) throws Exception {
        bucket = testBucket;
        waiting = RunningService.start(RunningService.settingsFor(bucket, 3600));
    }

    @AfterAll
    static void stop() {
        waiting.close();
    }

    @Test
    void beforeTheFirstCycleHealthSaysStarting() throws Exception {
        ApiClient.Response response = waiting.get("/health");
        JsonNode health = response.json();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(health.fieldNames()).toIterable().containsExactlyElementsOf(HEALTH_FIELDS);
        assertThat(health.get("status").asText()).isEqualTo("starting");
        assertThat(health.get("service").asText()).isEqualTo("energy-correlator");
        assertThat(health.get("last_successful_fetch").isNull()).isTrue();
        assertThat(health.get("total_fetches").asLong()).isZero();
        assertThat(health.get("failed_fetches").asLong()).isZero();
        assertThat(health.get("success_rate").asDouble()).isZero();
        assertThat(health.get("influxdb").asText()).isEqualTo("ok");
        assertThat(health.get("mqtt").asText()).isEqualTo("disabled");
        // one process (no CLUSTER_ZOOKEEPER): no coordinator to report on
        assertThat(health.get("role").asText()).isEqualTo("single");
        assertThat(health.get("node").asText()).isNotBlank();
        assertThat(health.get("zookeeper").isNull()).isTrue();
        assertThat(health.get("uptime_seconds").asLong()).isBetween(0L, 120L);
    }

    @Test
    void afterASuccessfulCycleHealthSaysHealthy() throws Exception {
        try (RunningService service = RunningService.start(RunningService.settingsFor(bucket, 0))) {
            service.awaitCycles(1);
            ApiClient.Response response = service.get("/health");
            JsonNode health = response.json();

            assertThat(response.status()).isEqualTo(200);
            assertThat(health.get("status").asText()).isEqualTo("healthy");
            assertThat(health.get("total_fetches").asLong()).isEqualTo(1);
            assertThat(health.get("failed_fetches").asLong()).isZero();
            assertThat(health.get("success_rate").asDouble()).isEqualTo(100.0);
            assertThat(health.get("last_successful_fetch").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(health.get("last_error").isNull()).isTrue();
        }
    }

    @Test
    void statisticsHaveEveryFieldOfTheContract() throws Exception {
        JsonNode stats = waiting.get("/statistics").json();

        assertThat(stats.fieldNames()).toIterable().contains("total_events_processed", "correlations_found",
                "correlations_written", "correlation_rate_pct", "write_success_rate_pct", "errors", "config");
        assertThat(stats.get("config").fieldNames()).toIterable()
                .contains("correlation_window_seconds", "min_power_delta_w");
        assertThat(stats.get("config").get("influxdb_bucket").asText()).isEqualTo(bucket.name());
        assertThat(stats.toString()).doesNotContain(bucket.token());
        // one process leads itself
        assertThat(stats.get("role").asText()).isEqualTo("single");
        assertThat(stats.get("leader").asText()).isEqualTo(stats.get("node").asText());
    }

    @Test
    void resetAnswersWithTheContractsMessageAndZeroesTheCounters() throws Exception {
        ApiClient.Response reset = waiting.post("/statistics/reset");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.body()).isEqualTo("{\"message\":\"Statistics reset\"}");
        JsonNode stats = waiting.get("/statistics").json();
        assertThat(stats.get("total_events_processed").asLong()).isZero();
        assertThat(stats.get("errors").asLong()).isZero();
    }

    @Test
    void aWrongMethodGets405AndAnUnknownPath404AsJson() throws Exception {
        Map<String, ApiClient.Response> answers = Map.of(
                "DELETE /health", waiting.send(HttpRequest.newBuilder(waiting.uri("/health")).DELETE().build()),
                "POST /statistics", waiting.post("/statistics"),
                "GET /statistics/reset", waiting.get("/statistics/reset"),
                "PUT /backfill", waiting.send(HttpRequest.newBuilder(waiting.uri("/backfill"))
                        .PUT(HttpRequest.BodyPublishers.noBody()).build()),
                "GET /nope", waiting.get("/nope"),
                "GET /health/nope", waiting.get("/health/nope"));

        assertThat(answers.get("DELETE /health").status()).isEqualTo(405);
        assertThat(answers.get("DELETE /health").body()).isEqualTo("{\"error\":\"DELETE is not allowed here; allowed: GET\"}");
        assertThat(answers.get("DELETE /health").headers().firstValue("Allow")).hasValue("GET");
        assertThat(answers.get("POST /statistics").status()).isEqualTo(405);
        assertThat(answers.get("POST /statistics").body()).isEqualTo("{\"error\":\"POST is not allowed here; allowed: GET\"}");
        assertThat(answers.get("GET /statistics/reset").status()).isEqualTo(405);
        assertThat(answers.get("GET /statistics/reset").body()).isEqualTo("{\"error\":\"GET is not allowed here; allowed: POST\"}");
        assertThat(answers.get("GET /statistics/reset").headers().firstValue("Allow")).hasValue("POST");
        assertThat(answers.get("PUT /backfill").status()).isEqualTo(405);
        assertThat(answers.get("PUT /backfill").headers().firstValue("Allow")).hasValue("GET, POST");
        String notFound = "{\"error\":\"no endpoint at this path; the API is GET /, GET /api/correlations, GET /api/meter, "
                + "GET,POST /backfill, GET /dashboard/{file}, GET /devices, GET /devices/{entity_id}, GET /health, GET /homes, GET /statistics, "
                + "POST /statistics/reset (docs/http-api.md)\"}";
        assertThat(answers.get("GET /nope").status()).isEqualTo(404);
        assertThat(answers.get("GET /nope").body()).isEqualTo(notFound);
        assertThat(answers.get("GET /health/nope").status()).isEqualTo(404);
        assertThat(answers.get("GET /health/nope").body()).isEqualTo(notFound);
        answers.forEach((request, answer) -> assertThat(answer.contentType()).as(request).isEqualTo("application/json"));
    }
}
