package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.estimate.AccuracyReport.Score;
import io.energycorrelator.estimate.StepAccuracy.Size;
import io.energycorrelator.estimate.StepAccuracy.Tally;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The step estimators against real data: UK-DALE house 1 (see UkDaleHouse and docs/accuracy.md). */
class UkDaleAccuracyTest {

    private static UkDaleHouse house;

    @BeforeAll
    static void load() {
        house = UkDaleHouse.load();
    }

    @Test
    void theKitchenLightsSwitchOnAndOff46TimesEach() {
        assertThat(house.events()).hasSize(92);
        assertThat(house.events()).filteredOn(e -> e.change().state().equals("on")).hasSize(46)
                .allSatisfy(e -> assertThat(e.change().previousState()).isEqualTo("off"))
                .allSatisfy(e -> assertThat(e.trueStepW()).isBetween(240.0, 430.0));
        assertThat(house.events()).filteredOn(e -> e.change().state().equals("off")).hasSize(46)
                .allSatisfy(e -> assertThat(e.change().previousState()).isEqualTo("on"))
                .allSatisfy(e -> assertThat(e.trueStepW()).isBetween(-430.0, -240.0));
        assertThat(house.meter().size()).isEqualTo(63_497);
    }

    @Test
    void theRecommendedDefaultGetsTheSignRightAndTheSizeClose() {
        assertThat(AccuracyReport.RECOMMENDED.estimator()).isEqualTo("aligned");
        assertThat(AccuracyReport.RECOMMENDED.settings()).isEqualTo("tolerance 10 s, window 10 s");

        Score score = AccuracyReport.score(house, AccuracyReport.RECOMMENDED.rule());

        assertThat(score.rightSign()).isGreaterThanOrEqualTo(85);
        assertThat(score.medianRatio()).isBetween(0.7, 1.1);
    }

    @Test
    void theFourDefaultRulesRunOnlineAsMeasured() {
        assertThat(RuleScores.of(DefaultRules.NEAREST, house).tally(Size.ALL)).isEqualTo(new Tally(92, 50));
        assertThat(RuleScores.of(DefaultRules.MEDIAN, house).tally(Size.ALL)).isEqualTo(new Tally(92, 51));
        assertThat(RuleScores.of(DefaultRules.ALIGNED, house).tally(Size.ALL)).isEqualTo(new Tally(92, 59));
        RuleScores profile = RuleScores.of(DefaultRules.PROFILE, house);
        assertThat(profile.tally(Size.ALL)).isEqualTo(new Tally(92, 59));
        assertThat(profile.tally(Size.FROM_100_TO_500_W)).isEqualTo(new Tally(92, 59));
        assertThat(profile.outcome().steps()).filteredOn(step -> step.source().equals(PowerStep.PROFILE)).hasSizeGreaterThan(80);
    }

    @Test
    void theLightsDailyEnergyFromItsProfilesIsTheMetersViewOfIt() {
        String table = ByStepSizeReport.ukDaleEnergyTable(house, List.of(RuleScores.of(DefaultRules.PROFILE, house)));

        assertThat(table).contains("| its own circuit monitor (truth) | 1009 Wh | 623 Wh | 296 Wh | 407 Wh |")
                .contains("| profiles learned from `profile` | 801 Wh (0.79) | 498 Wh (0.80) | 215 Wh (0.73) | 326 Wh (0.80) |");
    }

    @Test
    void theOriginalNearestRuleWithATenSecondWindowAsMeasured() {
        Score score = AccuracyReport.score(house, AccuracyReport.nearest(10).rule());

        assertThat(score.found()).isEqualTo(92);
        assertThat(score.rightSign()).isEqualTo(84);
        assertThat(score.medianRatio()).isCloseTo(0.77, within(0.005));
    }
}
