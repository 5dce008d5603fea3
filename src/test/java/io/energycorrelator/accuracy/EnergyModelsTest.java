package io.energycorrelator.accuracy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The energy models on a hand-made house: samples every 10 s, a base of 100 W, one appliance. */
class EnergyModelsTest {

    private static final long[] UNIX = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110};
    // The appliance: off, then on 1000 W for 20 s and 2000 W for 20 s (a program that changes power), then off.
    private static final double[] APPLIANCE = {0, 0, 0, 1000, 1000, 2000, 2000, 0, 0, 0, 0, 0};
    // Another appliance switches 500 W on while the first is on.
    private static final double[] OTHER = {0, 0, 0, 0, 0, 500, 500, 500, 500, 0, 0, 0};
    private static final double[] AGGREGATE = new double[UNIX.length];

    static {
        for (int i = 0; i < UNIX.length; i++) {
            AGGREGATE[i] = 100 + APPLIANCE[i] + OTHER[i];
        }
    }

    private static final RefitHouse HOUSE = new RefitHouse("hand-made", UNIX, AGGREGATE, new double[][] {APPLIANCE, OTHER});

    @Test
    void theOnIntervalsFollowTheStateChanges() {
        List<int[]> on = EnergyModels.onIntervals(HOUSE, Crossings.of(HOUSE), 0);
        assertThat(on).containsExactly(new int[] {3, 7});
    }

    @Test
    void eachModelValuesTheProgramItsOwnWay() {
        List<int[]> on = List.of(new int[] {3, 7});
        // True energy: 1000 W × 20 s + 2000 W × 20 s = 60,000 J.
        assertThat(TrueEnergy.wattHours(UNIX, APPLIANCE)).isCloseTo(60_000.0 / 3600, within(1e-9));
        // The on-step (1000 W) × 40 s on: the second half of the program is missed.
        assertThat(EnergyModels.stepTimesOnTime(UNIX, on, new double[] {1000})).isCloseTo(40_000.0 / 3600, within(1e-9));
        // Up 1000 W, down 2000 W: 1500 W × 40 s.
        assertThat(EnergyModels.eachIntervalItsOwnStep(UNIX, APPLIANCE, on)).isCloseTo(60_000.0 / 3600, within(1e-9));
        // The meter above its 100 W base counts the other appliance's 500 W for 20 s too.
        assertThat(EnergyModels.meterOverOnTime(UNIX, AGGREGATE, on, null, true)).isCloseTo(70_000.0 / 3600, within(1e-9));
        // Taking the other appliance out leaves the truth.
        assertThat(EnergyModels.meterOverOnTime(UNIX, AGGREGATE, on, OTHER, true)).isCloseTo(60_000.0 / 3600, within(1e-9));
    }
}
