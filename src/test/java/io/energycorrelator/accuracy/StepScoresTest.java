package io.energycorrelator.accuracy;

import io.energycorrelator.accuracy.StepScores.Size;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StepScoresTest {

    private static final Instant T = Instant.parse("2015-01-08T10:00:00Z");

    private static TrueEvent event(double trueStepW) {
        return new TrueEvent("switch.app1", 0, 10, T, trueStepW > 0 ? "on" : "off", trueStepW > 0 ? "off" : "on", trueStepW);
    }

    private static WrittenStep written(double deltaW, double confidence) {
        return new WrittenStep("switch.app1", T, deltaW, confidence, "meter");
    }

    @Test
    void rightIsWithin25PercentOrWithin10W() {
        assertThat(StepScores.isRight(1500, 2000)).isTrue();
        assertThat(StepScores.isRight(1499, 2000)).isFalse();
        assertThat(StepScores.isRight(-2500, -2000)).isTrue();
        assertThat(StepScores.isRight(30, 20)).isTrue(); // 50 % off, but within 10 W
        assertThat(StepScores.isRight(31, 20)).isFalse();
        assertThat(StepScores.isRight(2000, -2000)).isFalse();
    }

    @Test
    void eachStepEventCountsInItsSizeAndInAll() {
        StepScores s = new StepScores(10);
        s.add(event(50), written(55, 0.9), 50);        // < 100 W, right, ceiling right
        s.add(event(-300), written(-100, 0.5), -290);  // 100–500 W, wrong size, right sign
        s.add(event(2000), written(-2000, 0.1), 3000); // ≥ 500 W, wrong sign; the ceiling holds an overlap: wrong too

        assertThat(s.events(Size.UNDER_100_W)).isEqualTo(1);
        assertThat(s.events(Size.FROM_100_TO_500_W)).isEqualTo(1);
        assertThat(s.events(Size.FROM_500_W)).isEqualTo(1);
        assertThat(s.events(Size.ALL)).isEqualTo(3);
        assertThat(s.right(Size.UNDER_100_W)).isEqualTo(1);
        assertThat(s.right(Size.FROM_100_TO_500_W)).isZero();
        assertThat(s.right(Size.ALL)).isEqualTo(1);
        assertThat(s.ceilingRight(Size.FROM_100_TO_500_W)).isEqualTo(1);
        assertThat(s.ceilingRight(Size.FROM_500_W)).isZero();
        assertThat(s.ceilingRight(Size.ALL)).isEqualTo(2);
        assertThat(s.rightSign()).isEqualTo(2);
        assertThat(s.answered()).isEqualTo(3);
    }

    @Test
    void aStateChangeWithNoCorrelationIsUnansweredWrongAndLowersRecallNotPrecision() {
        StepScores s = new StepScores(10);
        s.add(event(800), written(790, 0.95), 800);
        s.add(event(-800), null, -800); // the meter had no reading near it: nothing written

        assertThat(s.events(Size.ALL)).isEqualTo(2);
        assertThat(s.right(Size.ALL)).isEqualTo(1);
        assertThat(s.ceilingRight(Size.ALL)).isEqualTo(2);
        assertThat(s.answered()).isEqualTo(1);
        assertThat(s.rightSign()).isEqualTo(1);
        assertThat(s.precision()).isEqualTo(1.0);
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.f1()).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void aCorrelationForAStepBelowTheThresholdIsAFalsePositiveOutsideTheStepEvents() {
        StepScores s = new StepScores(10);
        s.add(event(4), written(40, 0.3), 4);    // the plug moved 4 W; another device's 40 W was read
        s.add(event(-6), null, -6);              // rightly nothing written
        s.add(event(100), written(100, 0.7), 100);

        assertThat(s.changes()).isEqualTo(3);
        assertThat(s.events(Size.ALL)).isEqualTo(1);
        assertThat(s.written()).isEqualTo(2);
        assertThat(s.precision()).isEqualTo(0.5);
        assertThat(s.recall()).isEqualTo(1.0);
        // calibration counts every correlation written: band 0.2–0.4 holds the wrong one, 0.6–0.8 the right one
        assertThat(s.bandWritten(1)).isEqualTo(1);
        assertThat(s.bandRight(1)).isZero();
        assertThat(s.bandWritten(3)).isEqualTo(1);
        assertThat(s.bandRight(3)).isEqualTo(1);
        assertThat(s.bandMeanConfidence(3)).isEqualTo(0.7);
        assertThat(s.bandMeanConfidence(0)).isNaN();
    }

    @Test
    void confidenceOneFallsInTheTopBandAndUnscoredChangesCountNowhere() {
        StepScores s = new StepScores(10);
        s.add(event(500), written(500, 1.0), 500);
        s.add(new TrueEvent("switch.app1", 0, 1, T, "on", "off", Double.NaN), written(500, 0.5), Double.NaN);

        assertThat(s.bandWritten(4)).isEqualTo(1);
        assertThat(s.bandWritten(2)).isZero();
        assertThat(s.changes()).isEqualTo(1);
    }

    @Test
    void talliesOfTwoHousesAddUp() {
        StepScores a = new StepScores(10);
        a.add(event(1000), new WrittenStep("switch.app1", T, 1000, 0.9, "profile"), 1000);
        StepScores b = new StepScores(10);
        b.add(event(50), null, 50);
        b.add(event(5), written(20, 0.1), 5);

        StepScores sum = a.plus(b);

        assertThat(sum.events(Size.ALL)).isEqualTo(2);
        assertThat(sum.right(Size.FROM_500_W)).isEqualTo(1);
        assertThat(sum.ceilingRight(Size.ALL)).isEqualTo(2);
        assertThat(sum.answered()).isEqualTo(1);
        assertThat(sum.fromProfile()).isEqualTo(1);
        assertThat(sum.changes()).isEqualTo(3);
        assertThat(sum.precision()).isEqualTo(0.5);
        assertThat(sum.recall()).isEqualTo(0.5);
        assertThat(sum.bandWritten(0)).isEqualTo(1);
        assertThat(sum.bandWritten(4)).isEqualTo(1);
    }
}
