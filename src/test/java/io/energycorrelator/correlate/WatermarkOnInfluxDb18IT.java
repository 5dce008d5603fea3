package io.energycorrelator.correlate;

import io.energycorrelator.support.OnInfluxDb18;

/**
 * The tests of {@link WatermarkIT} against a real InfluxDB 1.8 through its v2 compatibility API (which has no delete
 * API: the older watermark points go through its InfluxQL endpoint).
 */
@OnInfluxDb18
class WatermarkOnInfluxDb18IT extends WatermarkIT {
}
