package io.energycorrelator.routes;

import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The threshold is a setting: at 50 W the lamp's +60 W passes, at 100 W only the heater's −120 W does. */
class ThresholdByPropertyRouteTest extends CorrelateRouteTestSupport {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("correlator.min-power-delta-w", "100");
    }

    @Test
    void onlyStepsReachingTheConfiguredThresholdAreWritten() throws Exception {
        MockEndpoint influx = runOneCycle();

        influx.expectedMessageCount(1); // one write: the correlation, its device's profile and the watermark
        influx.assertIsSatisfied();
        assertThat(correlationLines(influx)).singleElement().asString()
                .startsWith("event_energy_correlation,domain=climate,entity_id=climate.heater,")
                .contains("power_delta_w=-120.0");
        assertThat(statistics().correlationsWritten()).isEqualTo(1);
        assertThat(statistics().belowThreshold()).isEqualTo(2);
    }
}
