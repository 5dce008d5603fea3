package io.energycorrelator.accuracy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeterCeilingTest {

    @Test
    void findsTheSplitTheMetersClockPutTwoSamplesBeforeTheCrossing() {
        // the plug crossed at sample 6; the meter saw the 2 kW step at sample 4
        double[] aggregate = {300, 305, 298, 302, 2300, 2305, 2298, 2302, 2301, 2300, 2303};
        assertThat(MeterCeiling.bestStepW(aggregate, 6, 2000)).isEqualTo(2000.0);
        assertThat(StepScores.isRight(MeterCeiling.bestStepW(aggregate, 6, 2000), 2000)).isTrue();
    }

    @Test
    void aStepFiveSamplesAwayIsOutOfReach() {
        // the meter's step at sample 5, the plug's crossing at 10: every split in reach (7–11) lies on the plateau
        double[] aggregate = {300, 300, 300, 300, 300, 2300, 2300, 2300, 2300, 2300, 2300, 2300, 2300, 2300};
        double best = MeterCeiling.bestStepW(aggregate, 10, 2000);
        assertThat(best).isEqualTo(0.0);
        assertThat(StepScores.isRight(best, 2000)).isFalse();
    }

    @Test
    void anOverlapInTheSameSampleIsOneStepToTheMeterAndTheCeilingMissesIt() {
        // a kettle (2 kW, the state change scored) and a toaster (1 kW) switched within one meter sample
        double[] aggregate = {300, 300, 300, 300, 300, 3300, 3300, 3300, 3300, 3300};
        double best = MeterCeiling.bestStepW(aggregate, 5, 2000);
        assertThat(best).isEqualTo(3000.0);
        assertThat(StepScores.isRight(best, 2000)).isFalse();
    }

    @Test
    void noSplitHasThreeSamplesASideInAShortSeries() {
        assertThat(MeterCeiling.bestStepW(new double[] {0, 100, 100, 100}, 1, 100)).isNaN();
    }
}
