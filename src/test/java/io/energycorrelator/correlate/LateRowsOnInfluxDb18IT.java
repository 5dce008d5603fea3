package io.energycorrelator.correlate;

import io.energycorrelator.support.OnInfluxDb18;

/** The tests of {@link LateRowsIT} against a real InfluxDB 1.8 through its v2 compatibility API. */
@OnInfluxDb18
class LateRowsOnInfluxDb18IT extends LateRowsIT {
}
