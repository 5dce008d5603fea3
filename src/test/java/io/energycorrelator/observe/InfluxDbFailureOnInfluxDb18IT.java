package io.energycorrelator.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.energycorrelator.support.OnInfluxDb18;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests of {@link InfluxDbFailureIT} against a real InfluxDB 1.8 (which has no buckets API: the health probe finds
 * a database/retention-policy through Flux's buckets()).
 */
@OnInfluxDb18
class InfluxDbFailureOnInfluxDb18IT extends InfluxDbFailureIT {

    /** /health names the missing bucket as on 2.x; the failed query's own error is 1.8's, which does not name it. */
    @Override
    @Test
    void bucketThatDoesNotExist(TestBucket bucket) throws Exception {
        Map<String, String> settings = everySecond(bucket);
        settings.put("correlator.influxdb.bucket", "no-such-bucket");

        JsonNode health = healthAfterThreeFailedCycles(settings, bucket,
                "InfluxDB bucket 'no-such-bucket' does not exist or the token cannot see it");

        assertThat(health.get("last_error").asText()).contains("no database");
    }
}
