package io.energycorrelator.operations;

import io.energycorrelator.support.OnInfluxDb18;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests of {@link InfluxDbFailureIT} against a real InfluxDB 1.8 (which has no buckets API: the health probe finds
 * a database/retention-policy through Flux's buckets()). /health names a missing bucket as on 2.x; the failed
 * query's own error is 1.8's, which does not name it.
 */
@OnInfluxDb18
class InfluxDbFailureOnInfluxDb18IT extends InfluxDbFailureIT {

    @Override
    String missingBucketQueryError() {
        return "no database";
    }

    /** The inherited tests ran on InfluxDB 1.8, not on 2.x again: the server holding this class's buckets says so. */
    @Test
    void itsBucketsAreOnInfluxDb18(TestBucket bucket) {
        assertThat(bucket.client().version()).startsWith("1.8.");
    }
}
