package io.energycorrelator.routes;

import io.energycorrelator.model.StateChange;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.support.LogLines;
import org.apache.camel.component.influxdb2.data.Records;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The correlation route on the lamp example (see {@link CorrelateRouteTestSupport}), with the default settings. */
class CorrelateRouteTest extends CorrelateRouteTestSupport {

    @Test
    void theLampExampleWritesTwoCorrelationsTheirDevicesProfilesAndTheWatermarkInOneWrite() throws Exception {
        MockEndpoint influx;
        List<String> log;
        try (LogLines lines = LogLines.capture()) {
            influx = runOneCycle();
            log = lines.lines();
        }

        // one write: the correlations, the devices' profiles and the watermark (all land or none)
        influx.expectedMessageCount(1);
        influx.assertIsSatisfied();
        assertThat(correlationLines(influx)).containsExactly(
                "event_energy_correlation,domain=switch,entity_id=switch.lamp,previous_state=off,state=on "
                        + "confidence=0.568,estimate_source=\"meter\",overlapping_events=0i,power_after_w=2510.0,power_before_w=2450.0,"
                        + "power_delta_pct=2.4489795918367347,power_delta_uncertainty_w=56.4,power_delta_w=60.0 1709321405000000000",
                "event_energy_correlation,domain=climate,entity_id=climate.heater,previous_state=heat,state=off "
                        + "confidence=0.374,estimate_source=\"meter\",overlapping_events=0i,power_after_w=2385.0,power_before_w=2505.0,"
                        + "power_delta_pct=-4.790419161676647,power_delta_uncertainty_w=118.8,power_delta_w=-120.0 1709322005000000000");
        assertThat(linesOf(influx, "device_power_profile")).containsExactlyInAnyOrder(
                "device_power_profile,entity_id=switch.lamp,transition=off->on confidence=0.25,count=1i,"
                        + "recent_steps=\"2024-03-01T19:30:05Z=60.0\",spread_w=0.0,typical_step_w=60.0 1709321405000000000",
                "device_power_profile,entity_id=climate.heater,transition=heat->off confidence=0.25,count=1i,"
                        + "recent_steps=\"2024-03-01T19:40:05Z=-120.0\",spread_w=0.0,typical_step_w=-120.0 1709322005000000000");
        List<String> write = ((Records) influx.getExchanges().get(0).getMessage().getBody()).getInfluxRecords();
        assertThat(write).hasSize(5);
        assertThat(write.get(4)).startsWith("energy_correlator_watermark settled_until_ns=1709323200000000000i ");
        Statistics statistics = statistics();
        assertThat(statistics.eventsProcessed()).isEqualTo(3);
        assertThat(statistics.correlationsFound()).isEqualTo(2);
        assertThat(statistics.correlationsWritten()).isEqualTo(2);
        assertThat(statistics.belowThreshold()).isEqualTo(1);
        assertThat(skipped()).isEqualTo(Map.of("unknown_domain", 1L));
        assertThat(statistics.watermark()).isEqualTo(UNTIL);
        assertThat(statistics.failedFetches()).isZero();
        // once the watermark is stored, the older watermark points go, and the cycle's skips are logged once
        getMockEndpoint("mock:watermark-delete").expectedMessageCount(1);
        getMockEndpoint("mock:watermark-delete").assertIsSatisfied();
        assertThat(log).filteredOn(l -> l.contains("io.energycorrelator.skipped")).containsExactly(
                "WARN io.energycorrelator.skipped - Live cycle (" + AFTER + ", " + UNTIL + "]: skipped 1 unknown_domain");
    }

    @Test
    void eachSkipReasonIsLoggedOncePerCycleWithItsCount() throws Exception {
        List<StateChange> changes = new ArrayList<>(DESIGN_EXAMPLE);
        changes.add(new StateChange(BOILER.plusSeconds(60), "sensor.other", "sensor", "1", "0"));
        // two state changes of the lamp with no meter readings around them (the meter ends at UNTIL)
        changes.add(new StateChange(UNTIL.plusSeconds(600), "switch.lamp", "switch", "off", "on"));
        changes.add(new StateChange(UNTIL.plusSeconds(700), "switch.lamp", "switch", "on", "off"));
        stateChanges.set(changes);

        List<String> log;
        try (LogLines lines = LogLines.capture()) {
            runOneCycle();
            log = lines.lines();
        }

        assertThat(skipped()).isEqualTo(Map.of("unknown_domain", 2L, "no_meter_data", 2L));
        assertThat(log).filteredOn(l -> l.contains("io.energycorrelator.skipped")).containsExactly("WARN io.energycorrelator.skipped - Live cycle ("
                + AFTER + ", " + UNTIL + "]: skipped 2 no_meter_data, 2 unknown_domain");
    }

    @Test
    void aCycleWithNoStateChangesWritesOnlyTheWatermark() throws Exception {
        stateChanges.set(List.of());

        MockEndpoint influx = runOneCycle();

        influx.expectedMessageCount(1);
        influx.assertIsSatisfied();
        assertThat(linesOf(influx, "energy_correlator_watermark")).hasSize(1);
        assertThat(statistics().eventsProcessed()).isZero();
        assertThat(statistics().correlationsWritten()).isZero();
        assertThat(statistics().totalFetches()).isEqualTo(1);
        assertThat(statistics().failedFetches()).isZero();
    }
}
