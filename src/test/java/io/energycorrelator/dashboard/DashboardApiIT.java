package io.energycorrelator.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.query.FluxRecord;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.SmallHouse;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's JSON endpoints and files on the real service and InfluxDB: exactly what is stored, newest
 * first; every parameter checked (400 with a JSON error naming it); nothing of the request echoed back.
 */
@ExtendWith(InfluxDbExtension.class)
class DashboardApiIT {

    private static final List<String> CORRELATION_FIELDS = List.of("time", "entity_id", "domain", "state",
            "previous_state", "power_before_w", "power_after_w", "power_delta_w", "power_delta_pct",
            "overlapping_events", "confidence", "power_delta_uncertainty_w");
    private static final String LOOKBACK_ERROR = "'around' must lie within the dashboard's look-back: from 7 days ago "
            + "(DASHBOARD_LOOKBACK_DAYS) to 1 hour ahead";
    private static final String LIMIT_ERROR = "{\"error\":\"'limit' must be a whole number from 1 to 500\"}";

    private static final SmallHouse HOUSE = SmallHouse.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1200));
    private static TestBucket bucket;
    private static RunningService service;

    @BeforeAll
    static void correlateTheHouse(TestBucket testBucket) throws Exception {
        bucket = testBucket;
        HOUSE.writeTo(bucket);
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.lookback-minutes", "60");
        service = RunningService.start(settings);
        service.awaitCycles(1);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void correlationsAreTheStoredPointsNewestFirst() throws Exception {
        ApiClient.Response response = service.get("/api/correlations");
        JsonNode body = response.json();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        List<FluxRecord> stored = new ArrayList<>(bucket.correlationPoints());
        assertThat(stored).hasSize(4);
        java.util.Collections.reverse(stored);
        assertThat(body).hasSize(4);
        for (int i = 0; i < stored.size(); i++) {
            JsonNode c = body.get(i);
            FluxRecord point = stored.get(i);
            assertThat(c.fieldNames()).toIterable().containsExactlyElementsOf(CORRELATION_FIELDS);
            assertThat(c.get("time").asText()).isEqualTo(point.getTime().toString());
            for (String tag : List.of("entity_id", "domain", "state", "previous_state")) {
                assertThat(c.get(tag).asText()).isEqualTo(point.getValueByKey(tag));
            }
            for (String field : List.of("power_before_w", "power_after_w", "power_delta_w", "power_delta_pct", "confidence",
                    "power_delta_uncertainty_w")) {
                assertThat(c.get(field).asDouble()).as(field).isEqualTo((Double) point.getValueByKey(field));
            }
            assertThat(c.get("overlapping_events").asLong()).isEqualTo((Long) point.getValueByKey("overlapping_events"));
        }
        assertThat(body.findValuesAsText("entity_id"))
                .containsExactly("light.hall", "switch.tv", "switch.kitchen_kettle", "switch.kitchen_kettle");
        JsonNode kettleOn = body.get(3);
        assertThat(kettleOn.get("time").asText()).isEqualTo(HOUSE.kettleOn().time().toString());
        assertThat(kettleOn.get("power_before_w").asDouble()).isEqualTo(300.0);
        assertThat(kettleOn.get("power_after_w").asDouble()).isEqualTo(2300.0);
        assertThat(kettleOn.get("power_delta_w").asDouble()).isEqualTo(2000.0);
        assertThat(kettleOn.get("overlapping_events").asLong()).isZero();
        // a clean 2 kW step on a flat meter, nothing near: 1 / (1 + e^-(−1.976 + 1.134 + 1.056)), to three decimals
        assertThat(kettleOn.get("confidence").asDouble()).isEqualTo(0.553);
        assertThat(kettleOn.get("power_delta_uncertainty_w").asDouble()).isEqualTo(1880.0);
        assertThat(body.get(1).get("overlapping_events").asLong()).isEqualTo(1);
    }

    @Test
    void limitTakesTheNewest() throws Exception {
        JsonNode body = service.get("/api/correlations?limit=2").json();

        assertThat(body.findValuesAsText("entity_id")).containsExactly("light.hall", "switch.tv");
    }

    @Test
    void aLimitThatIsNotAllowedIs400NamingIt() throws Exception {
        for (String limit : List.of("0", "501", "abc", "-1", "1.5", "", "1e3", "99999999999", "50%20")) {
            ApiClient.Response response = service.get("/api/correlations?limit=" + limit);

            assertThat(response.status()).as(limit).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.body()).as(limit).isEqualTo(LIMIT_ERROR);
        }
        assertThat(service.get("/api/correlations?limit=500").status()).isEqualTo(200);
        assertThat(service.get("/api/correlations?limit=1").json()).hasSize(1);
    }

    @Test
    void meterReadingsAroundAnInstantAreExactlyTheStoredOnes() throws Exception {
        Instant around = HOUSE.kettleOn().time();
        JsonNode body = service.get("/api/meter?around=" + around + "&seconds=10").json();

        assertThat(body.get("from").asText()).isEqualTo(around.minusSeconds(10).toString());
        assertThat(body.get("to").asText()).isEqualTo(around.plusSeconds(10).toString());
        List<String> expected = new ArrayList<>();
        // Readings every 2 s on whole seconds; the kettle went on at +60.5 s: 52, 54 ... 70.
        for (Instant t = around.minusMillis(8500); !t.isAfter(around.plusSeconds(10)); t = t.plusSeconds(2)) {
            expected.add(t + "=" + HOUSE.wattsAt(t));
        }
        List<String> actual = new ArrayList<>();
        body.get("readings").forEach(r -> actual.add(r.get("time").asText() + "=" + r.get("watts").asDouble()));
        assertThat(actual).hasSize(10).containsExactlyElementsOf(expected);
        assertThat(body.get("readings").get(0).fieldNames()).toIterable().containsExactly("time", "watts");
    }

    @Test
    void theMeterWindowDefaultsTo60SecondsEitherSide() throws Exception {
        Instant around = HOUSE.kettleOn().time();
        JsonNode body = service.get("/api/meter?around=" + URLEncoder.encode("" + around, StandardCharsets.UTF_8)).json();

        assertThat(body.get("from").asText()).isEqualTo(around.minusSeconds(60).toString());
        assertThat(body.get("readings")).hasSize(60);
    }

    @Test
    void meterParametersThatAreNotAllowedAre400NamingThem() throws Exception {
        String time = "'around' must be an RFC 3339 time such as 2024-03-01T19:30:05Z";
        String seconds = "'seconds' must be a whole number from 1 to 3600";
        String recent = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> answers = Map.of(
                "", "'around' is required: an RFC 3339 time such as 2024-03-01T19:30:05Z",
                "?around=junk", time,
                "?around=2024-03-01", time,
                "?around=2024-03-01T19:30:05", time,
                "?around=1900-01-01T00:00:00Z", LOOKBACK_ERROR,
                "?around=" + recent + "&seconds=0", seconds,
                "?around=" + recent + "&seconds=3601", seconds,
                "?around=" + recent + "&seconds=abc", seconds,
                "?around=" + recent + "&seconds=9999999999999", seconds);
        for (Map.Entry<String, String> case_ : answers.entrySet()) {
            ApiClient.Response response = service.get("/api/meter" + case_.getKey());

            assertThat(response.status()).as(case_.getKey()).isEqualTo(400);
            assertThat(response.json().get("error").asText()).as(case_.getKey()).isEqualTo(case_.getValue());
            assertThat(response.json().size()).isEqualTo(1);
        }
        String offset = OffsetDateTime.ofInstant(Instant.parse(recent), ZoneOffset.ofHours(1)).toString();
        assertThat(service.get("/api/meter?around=" + URLEncoder.encode(offset, StandardCharsets.UTF_8) + "&seconds=3600")
                .status()).isEqualTo(200);
    }

    /** The meter is read only within the dashboard's look-back (7 days by default): not its whole history. */
    @Test
    void theMeterIsReadOnlyWithinTheDashboardsLookBack() throws Exception {
        Instant now = Instant.now();
        for (Instant outside : List.of(now.minus(Duration.ofDays(7)).minusSeconds(60), now.minus(Duration.ofDays(400)),
                Instant.EPOCH, now.plus(Duration.ofHours(1)).plusSeconds(60), Instant.parse("2200-01-01T00:00:00Z"))) {
            ApiClient.Response response = service.get("/api/meter?around=" + outside.truncatedTo(ChronoUnit.SECONDS));

            assertThat(response.status()).as(outside.toString()).isEqualTo(400);
            assertThat(response.body()).as(outside.toString()).isEqualTo("{\"error\":\"" + LOOKBACK_ERROR + "\"}");
        }
        for (Instant inside : List.of(now.minus(Duration.ofDays(7)).plusSeconds(60), now.plus(Duration.ofMinutes(59)))) {
            ApiClient.Response response = service.get("/api/meter?around=" + inside.truncatedTo(ChronoUnit.SECONDS));

            assertThat(response.status()).as(inside.toString()).isEqualTo(200);
            assertThat(response.json().get("readings")).isEmpty();
        }
    }

    @Test
    void nothingOfTheRequestEchoesBackInTheAnswersHeaders() throws Exception {
        for (String path : List.of("/api/correlations?limit=2", "/api/correlations?limit=x", "/api/meter?around=junk",
                "/", "/dashboard/dashboard.js", "/dashboard/nope")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.uri(path))
                    .header("X-Secret", "s3cr3t").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.headers().map().keySet()).as(path)
                    .noneMatch(name -> name.equalsIgnoreCase("x-secret") || name.equalsIgnoreCase("limit")
                            || name.equalsIgnoreCase("around") || name.equalsIgnoreCase("file"));
            assertThat(response.headers().toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void thePageAndItsFilesComeFromTheServiceItself() throws Exception {
        ApiClient.Response page = service.get("/");
        ApiClient.Response uplot = service.get("/dashboard/uPlot.iife.min.js");
        ApiClient.Response missing = service.get("/dashboard/application.properties");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"dashboard/uPlot.iife.min.js\" defer></script>")
                .contains("<script src=\"dashboard/dashboard.js\" defer></script>")
                .doesNotContain("http://", "https://");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(uplot.body()).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30) */");
        assertThat(service.get("/dashboard/uPlot.min.css").contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error\":\"no such dashboard file\"}");
        HttpResponse<String> headers = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(headers.headers().firstValue("Content-Security-Policy"))
                .contains("default-src 'self'; img-src 'self' data:; frame-ancestors 'self'");
        assertThat(headers.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void whenInfluxDbCannotBeReadTheApiAnswers503(TestBucket other) throws Exception {
        Map<String, String> settings = RunningService.settingsFor(other, 3600);
        settings.put("correlator.influxdb.url", "http://127.0.0.1:" + closedPort());
        try (RunningService unreachable = RunningService.start(settings)) {
            ApiClient.Response correlations = unreachable.get("/api/correlations");
            ApiClient.Response meter = unreachable.get("/api/meter?around=" + Instant.now().truncatedTo(ChronoUnit.SECONDS));

            assertThat(correlations.status()).isEqualTo(503);
            assertThat(correlations.body()).isEqualTo("{\"error\":\"InfluxDB could not be read; see /health\"}");
            assertThat(meter.status()).isEqualTo(503);
            assertThat(meter.body()).isEqualTo("{\"error\":\"InfluxDB could not be read; see /health\"}");
            assertThat(correlations.body()).doesNotContain(other.token());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
