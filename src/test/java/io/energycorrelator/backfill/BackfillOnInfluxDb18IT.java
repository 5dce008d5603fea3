package io.energycorrelator.backfill;

import io.energycorrelator.support.OnInfluxDb18;

/** The tests of {@link BackfillIT} against a real InfluxDB 1.8 through its v2 compatibility API. */
@OnInfluxDb18
class BackfillOnInfluxDb18IT extends BackfillIT {
}
