package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;

import io.energycorrelator.support.MeterWindows;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NearestReadingEstimatorTest {

    private static final Instant EVENT = Instant.parse("2024-03-01T19:30:05Z");
    private static final Duration HALF = Duration.ofSeconds(5);
    private static final Duration GAP = Duration.ofSeconds(30);

    private static MeterWindow window(double... secondsAndWatts) {
        return MeterWindows.around(EVENT, secondsAndWatts);
    }

    private static final NearestReadingEstimator NEAREST = new NearestReadingEstimator(HALF, GAP);

    /** [before, after] as the enrichers see them: null where no reading qualifies on that side. */
    private static Double[] step(MeterWindow w) {
        long event = MeterWindow.toNanos(EVENT);
        int b = NEAREST.before(w, event);
        int a = NEAREST.after(w, event);
        return new Double[] {b < 0 ? null : w.watts(b), a < 0 ? null : w.watts(a)};
    }

    @Test
    void theLampExampleReadsTheReadingsAtEventMinusAndPlusHalfTheWindow() {
        MeterWindow w = window(-5, 2450, 5, 2510);

        assertThat(NEAREST.estimate(w, new StateChange(EVENT, "switch.lamp", "switch", "on", "off")))
                .isEqualTo(new PowerStep(2450, 2510));

        assertThat(step(w)[0]).isEqualTo(2450.0);
        assertThat(step(w)[1]).isEqualTo(2510.0);
    }

    @Test
    void theNearestReadingToTheTargetInstantWins() {
        MeterWindow w = window(-9, 1000, -6, 1100, -1, 1200, 1, 1300, 4, 1400, 8, 1500);

        assertThat(step(w)[0]).isEqualTo(1100.0); // target -5: -6 is 1 s away, -1 is 4 s away
        assertThat(step(w)[1]).isEqualTo(1400.0);  // target +5: +4 is 1 s away, +8 is 3 s away
    }

    @Test
    void powerBeforeIsNeverAfterTheEventAndPowerAfterNeverBeforeIt() {
        MeterWindow w = window(2, 2000, 6, 2100);

        // the only readings are after the event: nothing qualifies as "before"
        assertThat(step(w)[0]).isNull();
        assertThat(step(w)[1]).isEqualTo(2100.0);

        MeterWindow onlyBefore = window(-20, 900, -3, 950);
        assertThat(step(onlyBefore)[1]).isNull();
        assertThat(step(onlyBefore)[0]).isEqualTo(950.0);
    }

    @Test
    void aReadingAtTheEventsOwnInstantMayServeEitherSide() {
        MeterWindow w = window(0, 700);

        assertThat(step(w)[0]).isEqualTo(700.0);
        assertThat(step(w)[1]).isEqualTo(700.0);
    }

    @Test
    void aReadingFartherThanTheMaximumGapFromTheTargetDoesNotCount() {
        MeterWindow w = window(-35, 500, 35.001, 600);

        assertThat(step(w)[0]).isEqualTo(500.0);   // 30 s from -5: exactly the gap, counts
        assertThat(step(w)[1]).isNull();            // 30.001 s from +5
    }

    @Test
    void onATieTheReadingFartherFromTheEventWins() {
        MeterWindow w = window(-7, 100, -3, 200, 3, 300, 7, 400);

        assertThat(step(w)[0]).isEqualTo(100.0);
        assertThat(step(w)[1]).isEqualTo(400.0);
    }

    @Test
    void readingsOutOfOrderAreSortedFirst() {
        MeterWindow w = window(5, 2510, -20, 10, -5, 2450, 20, 20);

        assertThat(step(w)[0]).isEqualTo(2450.0);
        assertThat(step(w)[1]).isEqualTo(2510.0);
    }

    @Test
    void withoutAReadingOnOneSideThereIsNoStep() {
        assertThat(NEAREST.estimate(window(-5, 100), new StateChange(EVENT, "switch.x", "switch", "on", "off"))).isNull();
    }

    @Test
    void anEmptyWindowHasNoPower() {
        MeterWindow w = MeterWindow.empty();

        assertThat(w.size()).isZero();
        assertThat(step(w)[0]).isNull();
        assertThat(step(w)[1]).isNull();
    }

    // A meter that writes only when its value changes (Home Assistant's way): silent while the load is steady.

    private static final Duration MAX_SILENCE = Duration.ofSeconds(900);
    private static final NearestReadingEstimator HOLDING = new NearestReadingEstimator(HALF, GAP, MAX_SILENCE);
    private static final StateChange ON = new StateChange(EVENT, "light.lamp", "light", "on", "off");

    @Test
    void aLampSwitchedAfterTenMinutesOfSilenceIsReadFromTheHeldReading() {
        MeterWindow w = window(-600, 200, 2, 260);

        assertThat(HOLDING.estimate(w, ON)).isEqualTo(new PowerStep(200, 260, PowerStep.METER, true));
        assertThat(NEAREST.estimate(w, ON)).isNull(); // no held values: no reading within the gap
    }

    @Test
    void aReadingInTheWindowIsNeverReplacedByAHeldOne() {
        assertThat(HOLDING.estimate(window(-600, 100, -20, 200, 2, 260), ON)).isEqualTo(new PowerStep(200, 260));
    }

    @Test
    void aHeldReadingOlderThanTheMaxSilenceDoesNotHold() {
        assertThat(HOLDING.estimate(window(-900, 200, 2, 260), ON)).isEqualTo(new PowerStep(200, 260, PowerStep.METER, true));
        assertThat(HOLDING.estimate(window(-901, 200, 2, 260), ON)).isNull();
    }

    @Test
    void theAfterSideHoldsOnlyWhenALaterReadingProvesTheMeterWentOnWriting() {
        // a lamp the meter does not see: the value before holds through the after side, proven by the reading at +600
        assertThat(HOLDING.estimate(window(-3, 200, 600, 205), ON)).isEqualTo(new PowerStep(200, 200, PowerStep.METER, true));
        // no later reading (the meter stopped, or its rows are not stored yet), or one beyond the max silence: no step
        assertThat(HOLDING.estimate(window(-3, 200), ON)).isNull();
        assertThat(HOLDING.estimate(window(-3, 200, 901, 205), ON)).isNull();
        // silent on both sides: the held value on each
        assertThat(HOLDING.estimate(window(-600, 200, 600, 205), ON)).isEqualTo(new PowerStep(200, 200, PowerStep.METER, true));
    }

    @Test
    void aMaxSilenceOfZeroHoldsNothing() {
        NearestReadingEstimator never = new NearestReadingEstimator(HALF, GAP, Duration.ZERO);

        assertThat(never.estimate(window(-600, 200, 2, 260), ON)).isNull();
        assertThat(never.estimate(window(-3, 200, 600, 205), ON)).isNull();
    }
}
