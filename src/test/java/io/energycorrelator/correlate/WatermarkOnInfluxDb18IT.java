package io.energycorrelator.correlate;

import io.energycorrelator.support.OnInfluxDb18;
import io.energycorrelator.support.TestBucket;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The tests of {@link WatermarkIT} against a real InfluxDB 1.8 through its v2 compatibility API. */
@OnInfluxDb18
class WatermarkOnInfluxDb18IT extends WatermarkIT {

    /** InfluxDB 1.8.10 answers 404 to /api/v2/delete: the older watermark points stay (the newest one is read). */
    @Override
    @Test
    @Disabled("InfluxDB 1.8.10 has no /api/v2/delete: older watermark points are not removed there")
    void thePointsOfAnEarlierVersionAreReadOnceThenDeleted(TestBucket bucket) {
    }
}
