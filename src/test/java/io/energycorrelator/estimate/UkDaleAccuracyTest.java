package io.energycorrelator.estimate;

import io.energycorrelator.estimate.AccuracyReport.Score;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    void theOriginalNearestRuleWithATenSecondWindowAsMeasured() {
        Score score = AccuracyReport.score(house, AccuracyReport.nearest(10).rule());

        assertThat(score.found()).isEqualTo(92);
        assertThat(score.rightSign()).isEqualTo(84);
        assertThat(score.medianRatio()).isCloseTo(0.77, within(0.005));
    }
}
