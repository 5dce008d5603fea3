package io.energycorrelator.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.InfluxDbExtension;
import io.energycorrelator.support.ApiClient;
import io.energycorrelator.support.RunningService;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the service cannot do its job it keeps running, says why on /health with HTTP 503, counts the failed
 * cycles, and retries every cycle.
 */
@ExtendWith(InfluxDbExtension.class)
class InfluxDbFailureIT {

    @Test
    void unreachableInfluxDb(TestBucket bucket) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = everySecond(bucket);
        settings.put("correlator.influxdb.url", "http://127.0.0.1:" + closedPort);

        JsonNode health = healthAfterThreeFailedCycles(settings, bucket,
                "InfluxDB at http://127.0.0.1:" + closedPort + " is not reachable");

        assertThat(health.get("last_error").asText()).contains("Failed to connect");
    }

    @Test
    void wrongToken(TestBucket bucket) throws Exception {
        Map<String, String> settings = everySecond(bucket);
        settings.put("correlator.influxdb.token", "not-the-token");

        JsonNode health = healthAfterThreeFailedCycles(settings, bucket,
                "InfluxDB at " + bucket.url() + " rejected the token (401 unauthorized)");

        assertThat(health.toString()).doesNotContain("not-the-token");
    }

    @Test
    void bucketThatDoesNotExist(TestBucket bucket) throws Exception {
        Map<String, String> settings = everySecond(bucket);
        settings.put("correlator.influxdb.bucket", "no-such-bucket");

        JsonNode health = healthAfterThreeFailedCycles(settings, bucket,
                "InfluxDB bucket 'no-such-bucket' does not exist or the token cannot see it");

        assertThat(health.get("last_error").asText()).contains(missingBucketQueryError());
    }

    /** What the failed query's own error says of a missing bucket (InfluxDB's words, which differ by version). */
    String missingBucketQueryError() {
        return "no-such-bucket";
    }

    private static JsonNode healthAfterThreeFailedCycles(Map<String, String> settings, TestBucket bucket, String influxProblem)
            throws Exception {
        try (RunningService service = RunningService.start(settings)) {
            service.awaitCycles(3);
            ApiClient.Response response = service.get("/health");
            JsonNode health = response.json();
            JsonNode stats = service.get("/statistics").json();
            ApiClient.Response ready = service.get("/observe/health/ready");

            assertThat(response.status()).isEqualTo(503);
            assertThat(health.get("status").asText()).isEqualTo("unhealthy");
            assertThat(health.get("influxdb").asText()).isEqualTo(influxProblem);
            assertThat(health.get("last_successful_fetch").isNull()).isTrue();
            assertThat(health.get("failed_fetches").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(health.get("failed_fetches").asLong()).isEqualTo(health.get("total_fetches").asLong());
            assertThat(health.get("success_rate").asDouble()).isZero();
            assertThat(stats.get("errors").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ObservabilityIT.check(ready.json(), "influxdb").get("status").asText()).isEqualTo("DOWN");
            assertThat(response.body() + stats + ready.body()).doesNotContain(bucket.token());
            return health;
        }
    }

    private static Map<String, String> everySecond(TestBucket bucket) {
        Map<String, String> settings = RunningService.settingsFor(bucket, 0);
        settings.put("correlator.processing-interval-seconds", "1");
        return settings;
    }
}
