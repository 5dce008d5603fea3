package io.energycorrelator.correlate;

import io.energycorrelator.support.OnInfluxDb18;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tests of {@link CorrelationCycleIT} against a real InfluxDB 1.8 through its v2 compatibility API. */
@OnInfluxDb18
class CorrelationCycleOnInfluxDb18IT extends CorrelationCycleIT {

    /** The inherited tests ran on InfluxDB 1.8, not on 2.x again: the server holding this class's buckets says so. */
    @Test
    void itsBucketsAreOnInfluxDb18(TestBucket bucket) {
        assertThat(bucket.client().version()).startsWith("1.8.");
    }
}
