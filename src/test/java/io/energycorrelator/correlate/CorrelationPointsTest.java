package io.energycorrelator.correlate;

import io.energycorrelator.model.StateChange;
import io.energycorrelator.model.Correlation;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationPointsTest {

    private static final Instant T = Instant.parse("2024-03-01T19:30:05Z");

    @Test
    void theDesignExampleBecomesThisLineProtocol() {
        Correlation c = new Correlation(new StateChange(T, "switch.lamp", "switch", "on", "off"), 2450, 2510, 0, 1.0);

        assertThat(c.powerDeltaW()).isEqualTo(60.0);
        assertThat(c.powerDeltaPct()).isEqualTo(60.0 / 2450.0 * 100.0);
        assertThat(CorrelationPoints.toPoint(c).toLineProtocol()).isEqualTo(
                "event_energy_correlation,domain=switch,entity_id=switch.lamp,previous_state=off,state=on "
                        + "confidence=1.0,estimate_source=\"meter\",overlapping_events=0i,"
                        + "power_after_w=2510.0,power_before_w=2450.0,power_delta_pct=2.4489795918367347,power_delta_w=60.0 "
                        + "1709321405000000000");
    }

    @Test
    void aStepDownHasANegativeDeltaAndPercentage() {
        Correlation c = new Correlation(new StateChange(T, "light.hall", "light", "off", "on"), 400, 100, 0, 1.0);

        assertThat(c.powerDeltaW()).isEqualTo(-300.0);
        assertThat(c.powerDeltaPct()).isEqualTo(-75.0);
    }

    @Test
    void withNoPowerBeforeThePercentageIsZero() {
        Correlation c = new Correlation(new StateChange(T, "switch.pump", "switch", "on", "off"), 0, 120, 0, 1.0);

        assertThat(c.powerDeltaPct()).isZero();
    }

    @Test
    void aMissingPreviousStateIsTaggedUnknown() {
        Correlation c = new Correlation(new StateChange(T, "switch.pump", "switch", "on", null), 100, 220, 0, 1.0);

        assertThat(CorrelationPoints.toPoint(c).toLineProtocol()).contains(",previous_state=unknown,");
    }
}
