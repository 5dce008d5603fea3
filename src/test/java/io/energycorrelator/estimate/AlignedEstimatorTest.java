package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.estimate.AlignedEstimator.Direction;

import io.energycorrelator.support.MeterWindows;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlignedEstimatorTest {

    private static final Instant EVENT = Instant.parse("2024-03-01T19:30:05Z");
    private static final StateChange ON = change("off", "on");
    private static final StateChange OFF = change("on", "off");
    private static final StateChange NO_DIRECTION = change("unavailable", "on");

    /** Tolerance 5 s, window 5 s: with a reading every 2 s, each side is the median of three readings. */
    private static final AlignedEstimator ALIGNED = new AlignedEstimator(Duration.ofSeconds(5), Duration.ofSeconds(5));

    private static StateChange change(String from, String to) {
        return new StateChange(EVENT, "switch.lamp", "switch", to, from);
    }

    /** A reading every 2 s at the odd seconds from -15 s to +15 s around the event, watts by second. */
    private static MeterWindow everyTwoSeconds(IntToDoubleFunction wattsAt) {
        List<Double> secondsAndWatts = new ArrayList<>();
        for (int s = -15; s <= 15; s += 2) {
            secondsAndWatts.add((double) s);
            secondsAndWatts.add(wattsAt.applyAsDouble(s));
        }
        return window(secondsAndWatts.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static MeterWindow window(double... secondsAndWatts) {
        return MeterWindows.around(EVENT, secondsAndWatts);
    }

    @Test
    void estimatorsOfManyHomesShareAThreadsMediansYetEachReadsItsOwnWindow() {
        // Two homes' estimators (same window length, so one ring on this thread) take turns on their own windows.
        AlignedEstimator home1 = new AlignedEstimator(Duration.ofSeconds(5), Duration.ofSeconds(5));
        AlignedEstimator home2 = new AlignedEstimator(Duration.ofSeconds(5), Duration.ofSeconds(5));
        MeterWindow lamp = everyTwoSeconds(s -> s < 4 ? 300 : 360);
        MeterWindow kettle = everyTwoSeconds(s -> s < 0 ? 300 : 2300);

        assertThat(home1.estimate(lamp, ON)).isEqualTo(new PowerStep(300, 360));
        assertThat(home2.estimate(kettle, ON)).isEqualTo(new PowerStep(300, 2300));
        assertThat(home1.estimate(lamp, ON)).isEqualTo(new PowerStep(300, 360));
        assertThat(home2.estimate(lamp, ON)).isEqualTo(new PowerStep(300, 360));
        assertThat(home1.estimate(kettle, ON)).isEqualTo(new PowerStep(300, 2300));
    }

    @Test
    void aStepFourSecondsLateIsFound() {
        MeterWindow w = everyTwoSeconds(s -> s < 4 ? 300 : 600);

        assertThat(ALIGNED.estimate(w, ON)).isEqualTo(new PowerStep(300, 600));
        assertThat(ALIGNED.estimate(w, NO_DIRECTION)).isEqualTo(new PowerStep(300, 600));
    }

    @Test
    void theStepIsTheMediansOfTheShortWindowsEitherSideOfTheSplit() {
        // the split falls between +1 s and +3 s; the sides are -3..+1 s and +3..+7 s
        MeterWindow w = everyTwoSeconds(s -> switch (s) {
            case -3 -> 290;
            case -1 -> 310;
            case 1 -> 300;
            case 3 -> 640;
            case 5 -> 600;
            case 7 -> 620;
            default -> s < 2 ? 300 : 600;
        });

        assertThat(ALIGNED.estimate(w, ON)).isEqualTo(new PowerStep(300, 620));
    }

    @Test
    void aNoisySpikeNextToTheEventIsNotTakenForTheStep() {
        // the step at the event, and another appliance's lone 2000 W reading at -3 s
        MeterWindow w = everyTwoSeconds(s -> s == -3 ? 2000 : s < 0 ? 300 : 600);

        assertThat(ALIGNED.estimate(w, ON)).isEqualTo(new PowerStep(300, 600));
        assertThat(ALIGNED.estimate(w, NO_DIRECTION)).isEqualTo(new PowerStep(300, 600));
    }

    @Test
    void theDirectionTheTransitionImpliesIsPreferred() {
        // another appliance drops 800 W at -2 s, the lamp adds 300 W at +2 s
        MeterWindow w = everyTwoSeconds(s -> s < -2 ? 1100 : s < 2 ? 300 : 600);

        assertThat(ALIGNED.estimate(w, ON)).isEqualTo(new PowerStep(300, 600));
        assertThat(ALIGNED.estimate(w, OFF)).isEqualTo(new PowerStep(1100, 300));
        assertThat(ALIGNED.estimate(w, NO_DIRECTION)).isEqualTo(new PowerStep(1100, 300)); // the largest change
    }

    @Test
    void ofTwoEqualStepsTheOneNearerTheEventWins() {
        // +300 W at -6 s and +300 W at +4 s
        MeterWindow w = everyTwoSeconds(s -> s < -6 ? 0 : s < 4 ? 300 : 600);

        assertThat(ALIGNED.estimate(w, ON)).isEqualTo(new PowerStep(300, 600));
    }

    @Test
    void whenNoSplitMovesTheImpliedWayTheSmallestMoveAgainstItIsReported() {
        MeterWindow w = everyTwoSeconds(s -> s < 2 ? 300 : 600);

        // nothing goes down: the flat split nearest the event, (-3 s, -1 s), is as close as the meter comes
        assertThat(ALIGNED.estimate(w, OFF)).isEqualTo(new PowerStep(300, 300));
        assertThat(ALIGNED.estimate(w, ON)).isEqualTo(new PowerStep(300, 600));
    }

    @Test
    void whatATransitionImplies() {
        assertThat(Direction.of(change("off", "on"))).isEqualTo(Direction.UP);
        assertThat(Direction.of(change("off", "heat"))).isEqualTo(Direction.UP);
        assertThat(Direction.of(change("closed", "open"))).isEqualTo(Direction.UP);
        assertThat(Direction.of(change("idle", "playing"))).isEqualTo(Direction.UP);
        assertThat(Direction.of(change("on", "off"))).isEqualTo(Direction.DOWN);
        assertThat(Direction.of(change("playing", "standby"))).isEqualTo(Direction.DOWN);
        assertThat(Direction.of(change("Off", "ON"))).isEqualTo(Direction.UP);
        assertThat(Direction.of(change("heat", "cool"))).isEqualTo(Direction.EITHER);
        assertThat(Direction.of(change("off", "idle"))).isEqualTo(Direction.EITHER);
        assertThat(Direction.of(change("off", "unavailable"))).isEqualTo(Direction.EITHER);
        assertThat(Direction.of(change("unknown", "off"))).isEqualTo(Direction.EITHER);
        assertThat(Direction.of(change(null, "on"))).isEqualTo(Direction.EITHER);
    }

    @Test
    void withoutAReadingOnEachSideOfTheEventWithinToleranceAndWindowThereIsNoStep() {
        assertThat(ALIGNED.estimate(window(-15, 300, -9, 300, -3, 300), ON)).isNull();
        assertThat(ALIGNED.estimate(window(3, 600, 9, 600), ON)).isNull();
        assertThat(ALIGNED.estimate(window(-11, 300, 3, 600), ON)).isNull(); // -11 s is beyond 5 s + 5 s
        assertThat(ALIGNED.estimate(window(0, 300), ON)).isNull();           // one instant, no split
        assertThat(ALIGNED.estimate(MeterWindow.empty(), ON)).isNull();

        assertThat(ALIGNED.estimate(window(-10, 300, 3, 600), ON)).isEqualTo(new PowerStep(300, 600));
    }

    @Test
    void theToleranceMustNotBeNegativeAndTheWindowMustBePositive() {
        assertThatThrownBy(() -> new AlignedEstimator(Duration.ofSeconds(-1), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlignedEstimator(Duration.ofSeconds(5), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The rule as written, every median taken afresh: the shared medians of a window must change no step. */
    private static PowerStep direct(MeterWindow w, StateChange change, long tolerance, long window) {
        long event = MeterWindow.toNanos(change.time());
        int first = w.firstIndexAtOrAfter(event - tolerance - window);
        int last = w.lastIndexAtOrBefore(event + tolerance + window);
        if (w.lastIndexAtOrBefore(event) < first || w.firstIndexAtOrAfter(event) > last) {
            return null;
        }
        PowerStep best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        long bestDistance = Long.MAX_VALUE;
        for (int i = first; i < last; i++) {
            long before = w.nanos(i);
            long after = w.nanos(i + 1);
            if (before == after || after < event - tolerance || before > event + tolerance) {
                continue;
            }
            PowerStep step = new PowerStep(MedianEstimator.median(w, before - window, before), MedianEstimator.median(w, after, after + window));
            double score = Direction.of(change).score(step.afterW() - step.beforeW());
            long distance = Math.abs((before - event) + (after - event));
            if (score > bestScore || score == bestScore && distance < bestDistance) {
                best = step;
                bestScore = score;
                bestDistance = distance;
            }
        }
        return best;
    }

    @Test
    void mediansSharedAcrossTheStateChangesOfAWindowGiveTheSameSteps() {
        java.util.Random random = new java.util.Random(5);
        AlignedEstimator aligned = new AlignedEstimator(Duration.ofSeconds(10), Duration.ofSeconds(10));
        for (int round = 0; round < 20; round++) {
            MeterWindow w = MeterWindows.randomWalk(EVENT, random);
            for (int e = 0; e < 300; e++) {
                Instant at = EVENT.minusSeconds(620).plusMillis(random.nextInt(1_240_000));
                String[] states = {"on", "off", "unknown", "heat", "closed"};
                StateChange change = new StateChange(at, "switch.x", "switch", states[random.nextInt(5)], states[random.nextInt(5)]);
                assertThat(aligned.estimate(w, change)).isEqualTo(direct(w, change, 10_000_000_000L, 10_000_000_000L));
            }
        }
    }

    // A meter that writes only when its value changes (Home Assistant's way): silent while the load is steady.

    private static final AlignedEstimator HOLDING = new AlignedEstimator(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(900));

    @Test
    void aLampSwitchedAfterTenMinutesOfSilenceIsReadFromTheHeldReading() {
        // 100 W, then 200 W from -600 s (the held value, not the median 150 of the window ending at it), the lamp at +2 s
        MeterWindow w = window(-603, 100, -600, 200, 2, 260, 4, 262);

        assertThat(HOLDING.estimate(w, ON)).isEqualTo(new PowerStep(200, 261, PowerStep.METER, true));
        assertThat(ALIGNED.estimate(w, ON)).isNull(); // no held values: no reading before the event within reach
    }

    @Test
    void aSilentAfterSideHoldsTheLastValueWhenALaterReadingProvesIt() {
        assertThat(HOLDING.estimate(window(-3, 200, 600, 205), ON)).isEqualTo(new PowerStep(200, 200, PowerStep.METER, true));
        assertThat(HOLDING.estimate(window(-3, 200), ON)).isNull();
        assertThat(HOLDING.estimate(window(-600, 200, 600, 205), ON)).isEqualTo(new PowerStep(200, 200, PowerStep.METER, true));
    }

    @Test
    void aSplitBetweenReadingsStillWinsOverTheHeldOne() {
        // the step seen 3 s early (both readings before the event), the after side silent: the real split is read
        assertThat(HOLDING.estimate(window(-8, 200, -3, 260, 600, 270), ON)).isEqualTo(new PowerStep(200, 260));
    }

    @Test
    void aHeldReadingBeyondTheMaxSilenceDoesNotHold() {
        assertThat(HOLDING.estimate(window(-900, 200, 2, 260), ON)).isEqualTo(new PowerStep(200, 260, PowerStep.METER, true));
        assertThat(HOLDING.estimate(window(-901, 200, 2, 260), ON)).isNull();
        assertThat(HOLDING.estimate(window(-3, 200, 901, 205), ON)).isNull();
    }
}
