package io.energycorrelator.operations;

import io.energycorrelator.support.OnInfluxDb18;

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
}
