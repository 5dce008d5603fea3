package io.energycorrelator.http;

import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LogLines;
import io.energycorrelator.support.PrometheusScrape;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With an API key set, every request needs it, as X-API-Key or Authorization: Bearer (as Prometheus sends it),
 * but a GET of the open paths: /health, Camel's health checks and the dashboard's page and files. Without it:
 * 401 with a JSON error, and nothing is read or changed. A POST must be declared as JSON, with or without a
 * key. The key is never logged nor returned, not even when a client sends it.
 */
@ExtendWith(InfluxDbExtension.class)
class ApiKeyIT {

    private static final String KEY = "key-" + UUID.randomUUID();
    private static final String UNAUTHORIZED = "{\"error\":\"this request needs the API key: send it as header "
            + "X-API-Key: <key> or Authorization: Bearer <key>\"}";

    static final String NOT_JSON = "{\"error\":\"a request that may change the service's state must be sent with "
            + "Content-Type: application/json, even without a body\"}";

    private static LogLines log;
    private static RunningService service;
    private static final List<ApiClient.Response> ANSWERS = new ArrayList<>();

    @BeforeAll
    static void start(TestBucket bucket) throws Exception {
        log = LogLines.capture();
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.put("correlator.api-key", KEY);
        service = RunningService.start(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        log.close();
        // nothing the service said, to a client or in its log, holds the key
        assertThat(ANSWERS).isNotEmpty().allSatisfy(a -> assertThat(a.body() + a.headers().map()).doesNotContain(KEY));
        assertThat(log.lines()).isNotEmpty().noneMatch(l -> l.contains(KEY));
    }

    /** The endpoints that read the household's data or the service's state, and a path no endpoint serves. */
    private static final List<String> PROTECTED_READS = List.of("/statistics", "/backfill", "/devices", "/devices/light.hall",
            "/api/correlations", "/api/correlations?limit=5", "/api/meter?around=" + Instant.now().truncatedTo(ChronoUnit.SECONDS),
            "/observe/metrics", "/observe/info", "/observe/routes", "/nope");

    private static ApiClient.Response post(String path, String body, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(path)).POST(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (header != null) {
            request.header(header, value);
        }
        ApiClient.Response answer = service.send(request.build());
        ANSWERS.add(answer);
        return answer;
    }

    private static ApiClient.Response get(String path) throws Exception {
        ApiClient.Response answer = service.get(path);
        ANSWERS.add(answer);
        return answer;
    }

    private static ApiClient.Response get(String path, String header, String value) throws Exception {
        ApiClient.Response answer = service.send(HttpRequest.newBuilder(service.uri(path)).header(header, value).build());
        ANSWERS.add(answer);
        return answer;
    }

    @Test
    void resettingTheStatisticsNeedsTheKey() throws Exception {
        for (String[] wrong : new String[][] {{null, null}, {"X-API-Key", "not-" + KEY}, {"X-API-Key", KEY.substring(1)},
                {"Authorization", "Bearer not-" + KEY}, {"Authorization", "Basic " + KEY}, {"X-API-Key", ""}}) {
            ApiClient.Response refused = post("/statistics/reset", null, wrong[0], wrong[1]);
            assertThat(refused.status()).as(String.join(" ", String.valueOf(wrong[0]), String.valueOf(wrong[1]))).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/json");
            assertThat(refused.body()).isEqualTo(UNAUTHORIZED);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"energy-correlator\"");
        }

        ApiClient.Response byHeader = post("/statistics/reset", null, "X-API-Key", KEY);
        ApiClient.Response byBearer = post("/statistics/reset", null, "Authorization", "Bearer " + KEY);

        assertThat(byHeader.status()).isEqualTo(200);
        assertThat(byHeader.body()).isEqualTo("{\"message\":\"Statistics reset\"}");
        assertThat(byBearer.status()).isEqualTo(200);
        assertThat(byBearer.body()).isEqualTo("{\"message\":\"Statistics reset\"}");
    }

    @Test
    void startingABackfillNeedsTheKeyAndWithoutItNothingStarts() throws Exception {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
        String range = "{\"start\":\"" + day + "\",\"end\":\"" + day.plus(Duration.ofHours(1)) + "\"}";

        ApiClient.Response refused = post("/backfill", range, null, null);
        ApiClient.Response wrong = post("/backfill", range, "Authorization", "Bearer " + KEY + "x");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo(UNAUTHORIZED);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(get("/backfill", "X-API-Key", KEY).body()).isEqualTo("{\"status\":\"idle\"}");

        ApiClient.Response accepted = post("/backfill", range, "X-API-Key", KEY);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("start").asText()).isEqualTo(day.toString());
    }

    @Test
    void everyReadOfTheDataNeedsTheKey() throws Exception {
        for (String path : PROTECTED_READS) {
            for (String[] wrong : new String[][] {{"X-Nothing", "-"}, {"X-API-Key", "not-" + KEY}, {"Authorization", "Bearer " + KEY + "x"},
                    {"Authorization", "Basic " + KEY}}) {
                ApiClient.Response refused = get(path, wrong[0], wrong[1]);
                assertThat(refused.status()).as(path + " " + wrong[0]).isEqualTo(401);
                assertThat(refused.body()).as(path).isEqualTo(UNAUTHORIZED);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"energy-correlator\"");
            }
        }

        assertThat(get("/statistics", "X-API-Key", KEY).json().has("total_events_processed")).isTrue();
        assertThat(get("/backfill", "Authorization", "Bearer " + KEY).json().get("status").asText()).isIn("idle", "running", "completed");
        assertThat(get("/api/correlations", "X-API-Key", KEY).body()).isEqualTo("[]");
        ApiClient.Response meter = get("/api/meter?around=" + Instant.now().truncatedTo(ChronoUnit.SECONDS), "X-API-Key", KEY);
        assertThat(meter.status()).isEqualTo(200);
        assertThat(meter.json().get("readings")).isEmpty();
        assertThat(get("/devices", "X-API-Key", KEY).status()).isIn(200, 404);
        assertThat(get("/nope", "X-API-Key", KEY).status()).isEqualTo(404);
    }

    /** Prometheus' scrape configuration sends the key as {@code authorization: {credentials: <key>}}: a Bearer header. */
    @Test
    void prometheusScrapesWithTheKeyAsABearerToken() throws Exception {
        ApiClient.Response refused = get("/observe/metrics");
        ApiClient.Response scrape = get("/observe/metrics", "Authorization", "Bearer " + KEY);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo(UNAUTHORIZED).doesNotContain("jvm_");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        assertThat(PrometheusScrape.parse(scrape.body()).has("energy_correlator_events_processed_total")).isTrue();
    }

    @Test
    void healthAndTheDashboardsFilesStayOpen() throws Exception {
        assertThat(get("/health").status()).isEqualTo(200);
        assertThat(get("/health").json().get("status").asText()).isEqualTo("starting");
        assertThat(get("/observe/health").status()).isEqualTo(200);
        assertThat(get("/observe/health/live").status()).isEqualTo(200);
        assertThat(get("/observe/health/ready").status()).isEqualTo(200);
        assertThat(get("/").body()).contains("<form id=\"key-form\"");
        assertThat(get("/dashboard/dashboard.js").status()).isEqualTo(200);
        // open for reading only
        ApiClient.Response postHealth = post("/health", null, null, null);
        assertThat(postHealth.status()).isEqualTo(401);
    }

    /** No other web page can post here: a form or a plain request is never declared as JSON. */
    @Test
    void aPostNotDeclaredAsJsonIs415EvenWithTheKey() throws Exception {
        for (String contentType : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(service.uri("/statistics/reset")).header("X-API-Key", KEY)
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            ApiClient.Response refused = service.send(request.build());
            ANSWERS.add(refused);

            assertThat(refused.status()).as(String.valueOf(contentType)).isEqualTo(415);
            assertThat(refused.body()).isEqualTo(NOT_JSON);
        }
    }

    @Test
    void aKeySentInARequestIsNotEchoedInTheAnswer() throws Exception {
        ApiClient.Response answer = service.send(HttpRequest.newBuilder(service.uri("/health"))
                .header("X-API-Key", KEY).header("Authorization", "Bearer " + KEY).header("X-Anything", "echo?").build());
        ANSWERS.add(answer);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().map().keySet()).containsExactlyInAnyOrder("content-type", "content-length");
    }

    @Test
    void theKeyMayComeFromAFile(TestBucket bucket, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("api-key");
        Files.writeString(file, KEY + "\n");
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.put("correlator.api-key-file", file.toString());
        try (RunningService fromFile = RunningService.start(settings)) {
            assertThat(fromFile.post("/statistics/reset").status()).isEqualTo(401);
            assertThat(fromFile.get("/statistics").status()).isEqualTo(401);
            assertThat(fromFile.send(HttpRequest.newBuilder(fromFile.uri("/statistics/reset")).header("Content-Type", "application/json")
                    .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.noBody()).build()).status()).isEqualTo(200);
        }
    }

    /**
     * Without a key every endpoint is open, but a POST must still be declared as JSON: a page elsewhere could
     * otherwise reset the statistics or start a backfill from the user's browser.
     */
    @Test
    void withoutAKeyEveryEndpointIsOpenButAPostMustBeJson(TestBucket bucket) throws Exception {
        try (RunningService open = RunningService.start(RunningService.settingsFor(bucket, 0))) {
            open.awaitCycles(1);
            assertThat(open.get("/statistics").status()).isEqualTo(200);
            assertThat(open.get("/observe/metrics").status()).isEqualTo(200);
            assertThat(open.get("/api/correlations").status()).isEqualTo(200);

            ApiClient.Response plainReset = open.send(HttpRequest.newBuilder(open.uri("/statistics/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            ApiClient.Response formBackfill = open.send(HttpRequest.newBuilder(open.uri("/backfill"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("start=2024-01-01T00:00:00Z&end=2024-01-02T00:00:00Z")).build());
            ApiClient.Response textBackfill = open.send(HttpRequest.newBuilder(open.uri("/backfill"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"start\":\"2024-01-01T00:00:00Z\",\"end\":\"2024-01-02T00:00:00Z\"}")).build());

            assertThat(List.of(plainReset, formBackfill, textBackfill)).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(415);
                assertThat(r.body()).isEqualTo(NOT_JSON);
            });
            assertThat(open.get("/statistics").json().get("flux_queries_total").asLong()).as("not reset").isGreaterThanOrEqualTo(1);
            assertThat(open.get("/backfill").body()).isEqualTo("{\"status\":\"idle\"}");
            assertThat(open.post("/statistics/reset").status()).isEqualTo(200);
        }
    }

    /** HTTP_HOST: 127.0.0.1 answers on the loopback address only; the default (0.0.0.0) on every address. */
    @Test
    void theBindAddressDecidesWhereTheApiAnswers(TestBucket bucket) throws Exception {
        Map<String, String> settings = RunningService.settingsFor(bucket, 3600);
        settings.put("camel.server.host", "127.0.0.1");
        try (RunningService local = RunningService.start(settings)) {
            assertThat(connects("127.0.0.1", local.api().port())).isTrue();
            assertThatThrownBy(() -> connects("127.0.0.2", local.api().port())).isInstanceOf(ConnectException.class);
        }
        try (RunningService everywhere = RunningService.start(RunningService.settingsFor(bucket, 3600))) {
            assertThat(connects("127.0.0.2", everywhere.api().port())).isTrue();
        }
    }

    private static boolean connects(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        }
    }
}
