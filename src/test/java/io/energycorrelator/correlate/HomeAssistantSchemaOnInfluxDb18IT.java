package io.energycorrelator.correlate;

import io.energycorrelator.support.OnInfluxDb18;

/** The tests of {@link HomeAssistantSchemaIT} against a real InfluxDB 1.8 through its v2 compatibility API. */
@OnInfluxDb18
class HomeAssistantSchemaOnInfluxDb18IT extends HomeAssistantSchemaIT {
}
