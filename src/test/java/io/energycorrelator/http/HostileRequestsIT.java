package io.energycorrelator.http;

import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.LogLines;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests each get a 4xx answer with a JSON error naming the problem; nothing is logged
 * at ERROR, no header a client sends comes back, and the service stays healthy.
 */
@ExtendWith(InfluxDbExtension.class)
class HostileRequestsIT {

    private static final String JSON_OBJECT = "the body must be a JSON object: {\"start\": RFC 3339 time, \"end\": RFC 3339 time}";
    /** The API as the 404 and 400 answers name it: every REST endpoint the routes declare, read from Camel's model. */
    private static final String ENDPOINTS = "GET /, GET /api/correlations, GET /api/meter, GET,POST /backfill, GET /dashboard/{file}, "
            + "GET /devices, GET /devices/{entity_id}, GET /health, GET /homes, GET /statistics, POST /statistics/reset (docs/http-api.md)";
    private static final String NOT_JSON = "a request that may change the service's state must be sent with "
            + "Content-Type: application/json, even without a body";
    private static final String NO_QUERY = "this endpoint takes no query parameters; the API is " + ENDPOINTS;

    /** An expected answer: status and error message. */
    private record Expected(int status, String error) {
    }

    @Test
    void eachMalformedRequestGetsA4xxJsonErrorAndTheServiceStaysHealthy(TestBucket bucket) throws Exception {
        try (LogLines log = LogLines.capture(); RunningService service = RunningService.start(RunningService.settingsFor(bucket, 0))) {
            service.awaitCycles(1);
            ApiClient api = service.api();
            Map<String, HttpRequest> requests = new LinkedHashMap<>();
            Map<String, Expected> expected = new LinkedHashMap<>();

            requests.put("invalid JSON", post(api, "/backfill", "application/json", "{\"start\": \"2024-01-01T00:00:00Z\","));
            expected.put("invalid JSON", new Expected(400, JSON_OBJECT));
            requests.put("JSON of the wrong shape", post(api, "/backfill", "application/json", "{\"start\": 5, \"end\": [1]}"));
            expected.put("JSON of the wrong shape", new Expected(400,
                    "'start' is not an RFC 3339 time (such as 2024-03-01T00:00:00Z): 5"));
            requests.put("a 2 MB body", post(api, "/backfill", "application/json", "{\"start\":\"" + "9".repeat(2_000_000) + "\"}"));
            expected.put("a 2 MB body", new Expected(413, "the request body is too large (camel.server.maxBodySize)"));
            requests.put("a form instead of JSON", post(api, "/backfill", "application/x-www-form-urlencoded",
                    "start=2024-01-01&end=2024-01-02"));
            expected.put("a form instead of JSON", new Expected(415, NOT_JSON));
            requests.put("XML to the reset", post(api, "/statistics/reset", "application/xml", "<reset/>"));
            expected.put("XML to the reset", new Expected(415, NOT_JSON));
            requests.put("plain text to the backfill", post(api, "/backfill", "text/plain",
                    "{\"start\":\"2024-01-01T00:00:00Z\",\"end\":\"2024-01-02T00:00:00Z\"}"));
            expected.put("plain text to the backfill", new Expected(415, NOT_JSON));
            requests.put("a reset without Content-Type", HttpRequest.newBuilder(api.uri("/statistics/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            expected.put("a reset without Content-Type", new Expected(415, NOT_JSON));
            requests.put("a backfill without Content-Type", HttpRequest.newBuilder(api.uri("/backfill"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"start\":\"2024-01-01T00:00:00Z\",\"end\":\"2024-01-02T00:00:00Z\"}")).build());
            expected.put("a backfill without Content-Type", new Expected(415, NOT_JSON));
            requests.put("a GET with an XML body", HttpRequest.newBuilder(api.uri("/statistics")).header("Content-Type", "application/xml")
                    .method("GET", HttpRequest.BodyPublishers.ofString("<stats/>")).build());
            expected.put("a GET with an XML body", new Expected(415,
                    "a request body must be JSON, sent with Content-Type: application/json"));
            requests.put("a huge query parameter", HttpRequest.newBuilder(api.uri("/statistics?limit=" + "9".repeat(3000))).build());
            expected.put("a huge query parameter", new Expected(400, NO_QUERY));
            requests.put("a non-numeric query parameter", HttpRequest.newBuilder(api.uri("/statistics?limit=abc")).build());
            expected.put("a non-numeric query parameter", new Expected(400, NO_QUERY));
            requests.put("a path with ..", HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health/../statistics")).build());
            expected.put("a path with ..", new Expected(400, "a path may not contain '.' or '..' segments"));
            requests.put("a path with an encoded ..", HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/%2e%2e/health")).build());
            expected.put("a path with an encoded ..", new Expected(400, "a path may not contain '.' or '..' segments"));
            requests.put("a path with ../ before an endpoint", HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                    + "/../backfill")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            expected.put("a path with ../ before an endpoint", new Expected(400, "a path may not contain '.' or '..' segments"));

            for (Map.Entry<String, HttpRequest> request : requests.entrySet()) {
                ApiClient.Response answer = api.send(request.getValue());
                Expected wanted = expected.get(request.getKey());
                assertThat(answer.status()).as(request.getKey()).isEqualTo(wanted.status());
                assertThat(answer.contentType()).as(request.getKey()).isEqualTo("application/json");
                assertThat(answer.json().get("error").asText()).as(request.getKey()).isEqualTo(wanted.error());
                assertThat(answer.json().size()).as(request.getKey()).isEqualTo(1);
            }

            // a request line longer than the HTTP server reads (4 KB) is refused by Vert.x before any handler can
            // answer: a 4xx (414 or 431, by where the parser stops) without a body
            ApiClient.Response tooLong = api.get("/statistics?limit=" + "9".repeat(9000));
            assertThat(tooLong.status()).isIn(414, 431);
            assertThat(tooLong.body()).isEmpty();

            ApiClient.Response health = service.get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("healthy");
            assertThat(service.get("/backfill").body()).as("no backfill started").isEqualTo("{\"status\":\"idle\"}");
            assertThat(service.get("/statistics").json().get("flux_queries_total").asLong()).as("not reset").isGreaterThanOrEqualTo(1);
            assertThat(log.at("ERROR")).isEmpty();
        }
    }

    private static HttpRequest post(ApiClient api, String path, String contentType, String body) {
        return HttpRequest.newBuilder(api.uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
