package io.energycorrelator.http;

import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LogLines;
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
 * With an API key set, the requests that change the service's state (POST /statistics/reset, POST /backfill)
 * need it, as X-API-Key or Authorization: Bearer; without it they get 401 with a JSON error and change nothing.
 * GET requests stay open. The key is never logged nor returned, not even when a client sends it.
 */
@ExtendWith(InfluxDbExtension.class)
class ApiKeyIT {

    private static final String KEY = "key-" + UUID.randomUUID();
    private static final String UNAUTHORIZED = "{\"error\":\"this request needs the API key: send it as header "
            + "X-API-Key: <key> or Authorization: Bearer <key>\"}";

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

    private static ApiClient.Response post(String path, String body, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(path)).POST(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
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
        assertThat(get("/backfill").body()).isEqualTo("{\"status\":\"idle\"}");

        ApiClient.Response accepted = post("/backfill", range, "X-API-Key", KEY);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("start").asText()).isEqualTo(day.toString());
    }

    @Test
    void getRequestsStayOpen() throws Exception {
        assertThat(get("/health").status()).isEqualTo(200);
        assertThat(get("/statistics").status()).isEqualTo(200);
        assertThat(get("/backfill").status()).isEqualTo(200);
        assertThat(get("/observe/health/live").status()).isEqualTo(200);
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
            assertThat(fromFile.send(HttpRequest.newBuilder(fromFile.uri("/statistics/reset"))
                    .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.noBody()).build()).status()).isEqualTo(200);
        }
    }

    @Test
    void withoutAKeyPostsAreOpen(TestBucket bucket) throws Exception {
        try (RunningService open = RunningService.start(RunningService.settingsFor(bucket, 3600))) {
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
