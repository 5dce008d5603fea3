package io.energycorrelator.accuracy;

/** The meter-only ceiling of one state change, for analysis code outside this package. */
public final class MeterCeilingAccess {

    private MeterCeilingAccess() {
    }

    public static double bestStepW(RefitHouse house, TrueEvent e) {
        return MeterCeiling.bestStepW(house.aggregate(), e.index(), e.trueStepW());
    }
}
