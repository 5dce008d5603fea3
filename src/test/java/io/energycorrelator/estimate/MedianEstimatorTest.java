package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;

import io.energycorrelator.support.MeterWindows;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MedianEstimatorTest {

    private static final Instant EVENT = Instant.parse("2024-03-01T19:30:05Z");
    private static final StateChange ON = new StateChange(EVENT, "switch.lamp", "switch", "on", "off");

    /** Window 10 s, settle 3 s: before = readings from -13 s to -3 s, after = from +3 s to +13 s. */
    private static final MedianEstimator MEDIAN = new MedianEstimator(Duration.ofSeconds(10), Duration.ofSeconds(3));

    private static MeterWindow window(double... secondsAndWatts) {
        return MeterWindows.around(EVENT, secondsAndWatts);
    }

    @Test
    void theStepIsTheMedianOfTheWindowBeforeAgainstTheMedianOfTheWindowAfter() {
        MeterWindow w = window(-12, 300, -8, 310, -4, 305, 4, 610, 8, 600, 12, 620);

        assertThat(MEDIAN.estimate(w, ON)).isEqualTo(new PowerStep(305, 610));
    }

    @Test
    void aNoisySpikeNextToTheEventDoesNotMoveTheMedian() {
        // a kettle's lone reading at -4 s: the nearest rule would read it as the power before
        MeterWindow w = window(-12, 300, -8, 310, -4, 2900, 4, 610, 8, 600, 12, 620);

        assertThat(MEDIAN.estimate(w, ON)).isEqualTo(new PowerStep(310, 610));
        assertThat(new NearestReadingEstimator(Duration.ofSeconds(5), Duration.ofSeconds(30)).estimate(w, ON))
                .isEqualTo(new PowerStep(2900, 610));
    }

    @Test
    void readingsWithinTheSettleDelayOfTheEventAreLeftOut() {
        // caught mid-switch at -2 s and +2 s
        MeterWindow w = window(-12, 300, -2, 450, 2, 450, 12, 600);

        assertThat(MEDIAN.estimate(w, ON)).isEqualTo(new PowerStep(300, 600));
    }

    @Test
    void bothEndsOfEachWindowAreIncludedAndAnEvenCountTakesTheMeanOfTheMiddleTwo() {
        MeterWindow w = window(-13.001, 9999, -13, 300, -3, 320, -2.999, 9999,
                2.999, 9999, 3, 600, 13, 640, 13.001, 9999);

        assertThat(MEDIAN.estimate(w, ON)).isEqualTo(new PowerStep(310, 620));
    }

    @Test
    void aStepFourSecondsLateStillReadsInFull() {
        // a reading every 2 s; the meter shows the step between +3 s and +5 s
        List<Double> readings = new ArrayList<>();
        for (int s = -15; s <= 15; s += 2) {
            readings.add((double) s);
            readings.add(s < 4 ? 300.0 : 600.0);
        }
        MeterWindow w = window(readings.stream().mapToDouble(Double::doubleValue).toArray());

        // after: +3 s (300) and +5..+13 s (600) -> 600
        assertThat(MEDIAN.estimate(w, ON)).isEqualTo(new PowerStep(300, 600));
    }

    @Test
    void withoutAReadingInEitherWindowThereIsNoStep() {
        assertThat(MEDIAN.estimate(window(-12, 300, -8, 310), ON)).isNull();
        assertThat(MEDIAN.estimate(window(-12, 300, 2, 600, 14, 600), ON)).isNull();
        assertThat(MEDIAN.estimate(window(-14, 300, 2, 300, 8, 600), ON)).isNull();
        assertThat(MEDIAN.estimate(MeterWindow.empty(), ON)).isNull();
    }

    @Test
    void aWindowMustBePositiveAndTheSettleDelayNotNegative() {
        assertThatThrownBy(() -> new MedianEstimator(Duration.ZERO, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MedianEstimator(Duration.ofSeconds(10), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new MedianEstimator(Duration.ofSeconds(10), Duration.ZERO).estimate(window(0, 500), ON))
                .isEqualTo(new PowerStep(500, 500));
    }

    // A meter that writes only when its value changes (Home Assistant's way): silent while the load is steady.

    private static final MedianEstimator HOLDING = new MedianEstimator(Duration.ofSeconds(10), Duration.ofSeconds(3),
            Duration.ofSeconds(900));

    @Test
    void aLampSwitchedDuringTenMinutesOfSilenceIsReadFromTheHeldReadings() {
        // 200 W for ten minutes, the lamp's 260 W written 2 s after the switch (in the settle band), then silent until +300
        MeterWindow w = window(-600, 200, 2, 260, 300, 330);

        assertThat(HOLDING.estimate(w, ON)).isEqualTo(new PowerStep(200, 260, PowerStep.METER, true));
        assertThat(MEDIAN.estimate(w, ON)).isNull(); // no held values: both windows are empty
    }

    @Test
    void aWindowWithAReadingIsItsMedianAndOnlyTheSilentOneIsHeld() {
        assertThat(HOLDING.estimate(window(-600, 200, 4, 260, 8, 280), ON)).isEqualTo(new PowerStep(200, 270, PowerStep.METER, true));
        assertThat(HOLDING.estimate(window(-600, 100, -10, 200, 4, 260), ON)).isEqualTo(new PowerStep(200, 260));
    }

    @Test
    void aHeldReadingMustLieWithinTheMaxSilenceOfTheEventOnBothSides() {
        assertThat(HOLDING.estimate(window(-901, 200, 2, 260, 300, 330), ON)).isNull(); // held too long before
        assertThat(HOLDING.estimate(window(-600, 200, 2, 260), ON)).isNull();   // nothing proves 260 held after +13 s
        assertThat(HOLDING.estimate(window(-600, 200, 2, 260, 901, 330), ON)).isNull(); // the proof comes too late
        assertThat(HOLDING.estimate(window(-600, 200, 2, 260, 900, 330), ON)).isEqualTo(new PowerStep(200, 260, PowerStep.METER, true));
    }
}
