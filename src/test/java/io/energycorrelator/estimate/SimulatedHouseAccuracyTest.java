package io.energycorrelator.estimate;

import io.energycorrelator.estimate.EnergyAccuracy.Summary;
import io.energycorrelator.estimate.StepAccuracy.Size;
import io.energycorrelator.estimate.StepAccuracy.Tally;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The four default rules on the simulated house, as docs/accuracy.md reports them, and the targets of profile. */
class SimulatedHouseAccuracyTest {

    private static SimulatedHouse house;
    private static RuleScores aligned;
    private static RuleScores profile;

    @BeforeAll
    static void run() {
        house = SimulatedHouse.generate();
        aligned = RuleScores.of(DefaultRules.ALIGNED, house);
        profile = RuleScores.of(DefaultRules.PROFILE, house);
    }

    @Test
    void theHouseIsTheWeekTheReportDescribes() {
        assertThat(SimulatedHouse.DEVICES).hasSize(20);
        assertThat(SimulatedHouse.DEVICES).extracting(SimulatedHouse.Device::nominalW).contains(5.0, 3000.0)
                .allSatisfy(w -> assertThat(w).isBetween(5.0, 3000.0));
        assertThat(house.events()).hasSize(776);
        assertThat(house.meter().size()).isEqualTo(75_751); // a week and 20 minutes at 8 s
        assertThat(house.shareWithAnotherWithin30s()).isBetween(0.10, 0.11);
        assertThat(house.trueEnergyWh("switch.kettle", LocalDate.parse("2024-03-04"))).isPositive();
        assertThat(house.trueEnergyWh("switch.kettle", LocalDate.parse("2024-03-11"))).isZero();
    }

    @Test
    void theSameSeedMakesTheSameHouse() {
        SimulatedHouse again = SimulatedHouse.generate();

        assertThat(again.events()).isEqualTo(house.events());
        assertThat(again.meter().size()).isEqualTo(house.meter().size());
        assertThat(again.meter().watts(40_000)).isEqualTo(house.meter().watts(40_000));
        assertThat(SimulatedHouse.generate(14).events()).isNotEqualTo(house.events());
    }

    @Test
    void theMeterReadsEvery8SecondsWithItsClockUpTo8SecondsOff() {
        for (int i = 1; i < house.meter().size(); i++) {
            double gapSeconds = (house.meter().nanos(i) - house.meter().nanos(i - 1)) / 1e9;
            assertThat(gapSeconds).isBetween(8 - 0.6 - 0.01, 8 + 0.6 + 0.01); // ± 0.3 s jitter, the skew drifting slowly
        }
        Duration span = Duration.ofNanos(house.meter().nanos(house.meter().size() - 1) - house.meter().nanos(0));
        assertThat(span).isBetween(Duration.ofDays(7).plusMinutes(19), Duration.ofDays(7).plusMinutes(21));
    }

    @Test
    void profileMeetsTheStepTargets() {
        assertThat(profile.tally(Size.FROM_500_W).share()).isGreaterThanOrEqualTo(ByStepSizeReport.TARGET_LARGE);
        assertThat(profile.tally(Size.ALL).share()).isGreaterThanOrEqualTo(ByStepSizeReport.TARGET_ALL);
        assertThat(profile.tally(Size.ALL).right()).isGreaterThan(aligned.tally(Size.ALL).right());
    }

    @Test
    void theStepsReadRightAsMeasured() {
        assertThat(aligned.steps()).containsEntry(Size.UNDER_100_W, new Tally(416, 256))
                .containsEntry(Size.FROM_100_TO_500_W, new Tally(122, 113))
                .containsEntry(Size.FROM_500_W, new Tally(238, 235))
                .containsEntry(Size.ALL, new Tally(776, 604));
        assertThat(profile.steps()).containsEntry(Size.UNDER_100_W, new Tally(416, 271))
                .containsEntry(Size.FROM_100_TO_500_W, new Tally(122, 112))
                .containsEntry(Size.FROM_500_W, new Tally(238, 235))
                .containsEntry(Size.ALL, new Tally(776, 618));
    }

    @Test
    void dailyEnergyOfDevicesOf100WAndMoreAsMeasured() {
        Summary energy = EnergyAccuracy.summary(EnergyAccuracy.deviceDays(house, profile.outcome()), d -> d.nominalW() >= 100);

        assertThat(energy.deviceDays()).isEqualTo(84);
        assertThat(energy.notValued()).isZero();
        assertThat(energy.right()).isEqualTo(81); // the target (all 84 within 10 %) is missed: see docs/accuracy.md
        assertThat(energy.medianAbsError()).isLessThan(0.02);
        assertThat(energy.worstAbsError()).isBetween(0.10, 0.11);
    }

    @Test
    void theNominalPowerMissesTooWhereADevicesRunsDiffer() {
        Summary reference = EnergyAccuracy.summary(EnergyAccuracy.atNominalPower(house), d -> d.nominalW() >= 100);

        assertThat(reference.right()).isEqualTo(82);
        assertThat(reference.deviceDays()).isEqualTo(84);
    }
}
