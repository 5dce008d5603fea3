package io.energycorrelator.accuracy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrueEnergyTest {

    @Test
    void eachSampleIsHeldUntilTheNext() {
        // 360 W for 10 s, 720 W for 10 s, the last sample held for nothing: 3600 + 7200 J = 3 Wh
        assertThat(TrueEnergy.wattHours(new long[] {0, 10, 20}, new double[] {360, 720, 5000})).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void aMissingReadingLeavesAGapCountedAs60Seconds() {
        // readings at 0, 10, 20 and then not until 200: the 180 s gap counts as 60 s (360 W × 80 s = 8 Wh)
        assertThat(TrueEnergy.wattHours(new long[] {0, 10, 20, 200}, new double[] {360, 360, 360, 360}))
                .isCloseTo(8.0, within(1e-12));
    }
}
