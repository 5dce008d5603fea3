package io.energycorrelator.accuracy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EnergyScoresTest {

    @Test
    void countsDevicesOf50WhOrMoreAndAMissingEnergyAsNone() {
        EnergyScores s = new EnergyScores();
        s.add(1000, 950);         // 5 % off
        s.add(200, 160);          // 20 % off
        s.add(400, Double.NaN);   // nothing written: 400 Wh off
        s.add(49, 500);           // under 50 Wh: not counted

        assertThat(s.devices()).isEqualTo(3);
        assertThat(s.valued()).isEqualTo(2);
        assertThat(s.within25()).isEqualTo(2);
        assertThat(s.within10()).isEqualTo(1);
        assertThat(s.weightedError()).isCloseTo((50 + 40 + 400) / 1600.0, within(1e-12));
    }

    @Test
    void talliesAddUp() {
        EnergyScores a = new EnergyScores();
        a.add(100, 100);
        EnergyScores b = new EnergyScores();
        b.add(100, 300);

        EnergyScores sum = a.plus(b);

        assertThat(sum.devices()).isEqualTo(2);
        assertThat(sum.within25()).isEqualTo(1);
        assertThat(sum.within10()).isEqualTo(1);
        assertThat(sum.weightedError()).isEqualTo(1.0);
        assertThat(new EnergyScores().weightedError()).isNaN();
    }
}
