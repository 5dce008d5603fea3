package io.energycorrelator.accuracy;

import io.energycorrelator.accuracy.StepScores.Size;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ten houses as the harness reads them: the truth every figure of docs/accuracy.md is scored against. */
class RefitDataTest {

    @Test
    void theTenHousesHoldTheStateChangesStepsCeilingAndEnergyTheReportIsScoredAgainst() throws Exception {
        StepScores wholeDay = new StepScores(RefitReport.THRESHOLD_W);
        StepScores secondHalf = new StepScores(RefitReport.THRESHOLD_W);
        EnergyScores energy = new EnergyScores();
        int samples = 0;
        for (int n = 1; n <= RefitHouse.HOUSES; n++) {
            HouseDay day = new HouseDay(RefitHouse.load(n));
            samples += day.house().size();
            assertThat(day.dayStart()).hasToString("2015-01-08T00:00:00Z");
            wholeDay = wholeDay.plus(day.steps(Map.of(), day.dayStart(), RefitReport.THRESHOLD_W));
            secondHalf = secondHalf.plus(day.steps(Map.of(), day.midday(), RefitReport.THRESHOLD_W));
            energy = energy.plus(day.energy(Map.of()));
        }

        assertThat(samples).isEqualTo(126_850);
        assertThat(wholeDay.changes()).isEqualTo(1796);
        assertThat(wholeDay.events(Size.ALL)).isEqualTo(1615);
        assertThat(wholeDay.events(Size.FROM_500_W)).isEqualTo(120);
        assertThat(wholeDay.ceilingRight(Size.FROM_500_W)).isEqualTo(103);
        assertThat(wholeDay.ceilingRight(Size.ALL)).isEqualTo(717);
        assertThat(secondHalf.events(Size.ALL)).isEqualTo(951);
        assertThat(energy.devices()).isEqualTo(62);
        assertThat(wholeDay.answered()).isZero();
    }
}
