package io.energycorrelator.devices.profile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The daily energy's confidence and range: the model fitted on REFIT (EnergyConfidenceFit) and its configured rule. */
class EnergyConfidenceTest {

    @Test
    void agreementIsTheSmallerStepOverTheLargerAndZeroWhenASideIsMissing() {
        assertThat(EnergyConfidence.agreement(2000, -2000)).isEqualTo(1.0);
        assertThat(EnergyConfidence.agreement(2000, -500)).isEqualTo(0.25);
        assertThat(EnergyConfidence.agreement(100, -400)).isEqualTo(0.25);
        assertThat(EnergyConfidence.agreement(2000, Double.NaN)).isZero();
        assertThat(EnergyConfidence.agreement(Double.NaN, -2000)).isZero();
        assertThat(EnergyConfidence.agreement(0, 0)).isZero();
        // A misread step the wrong way counts as 0 W.
        assertThat(EnergyConfidence.agreement(-50, -2000)).isZero();
    }

    @Test
    void theConfidenceIsTheLogisticModelOfAgreementAndBothSidesToThreeDecimals() {
        assertThat(EnergyConfidence.of(0, false)).isEqualTo(0.224);   // 1 / (1 + e^1.243)
        assertThat(EnergyConfidence.of(1, false)).isEqualTo(0.449);   // z = -0.204
        assertThat(EnergyConfidence.of(0.5, true)).isEqualTo(0.613);  // z = 0.4595
        assertThat(EnergyConfidence.of(1, true)).isEqualTo(0.727);    // z = 0.979
    }

    @Test
    void theRangeIsTheTenthToNinetiethPercentileOfTrueOverEstimatedInTheConfidencesBand() {
        assertThat(EnergyConfidence.lowWh(1000, 0.399)).isEqualTo(560.0);
        assertThat(EnergyConfidence.highWh(1000, 0.399)).isEqualTo(10_560.0);
        assertThat(EnergyConfidence.lowWh(1000, 0.4)).isEqualTo(750.0);
        assertThat(EnergyConfidence.highWh(1000, 0.4)).isEqualTo(1590.0);
        assertThat(EnergyConfidence.lowWh(0, 0.7)).isZero();
    }

    @Test
    void aConfiguredPowerHasItsOwnMeasuredConfidenceAndRange() {
        assertThat(EnergyConfidence.configured()).isEqualTo(0.677);
        assertThat(EnergyConfidence.configuredLowWh(1000)).isEqualTo(860.0);
        assertThat(EnergyConfidence.configuredHighWh(1000)).isEqualTo(6860.0);
    }
}
