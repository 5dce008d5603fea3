package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.DeviceProfile;
import io.energycorrelator.devices.profile.ObservedStep;
import io.energycorrelator.devices.profile.ProfileLookup;
import io.energycorrelator.devices.profile.Transition;
import io.energycorrelator.support.MeterWindows;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileEstimatorTest {

    private static final Instant EVENT = Instant.parse("2024-03-01T19:30:05Z");
    private static final Duration TOLERANCE = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final AlignedEstimator ALIGNED = new AlignedEstimator(TOLERANCE, WINDOW);

    private static final String LAMP = "light.lamp";
    private static final String KETTLE = "switch.kettle";

    /** Profiles learned from three equal steps each (confidence 0.5): lamp ±60 W, kettle ±2000 W. */
    private static final ProfileLookup KNOWN = lookup(
            profile(LAMP, "off->on", 60, 60, 60), profile(LAMP, "on->off", -60, -60, -60),
            profile(KETTLE, "off->on", 2000, 2000, 2000), profile(KETTLE, "on->off", -2000, -2000, -2000));

    private static final ProfileEstimator PROFILE = new ProfileEstimator(TOLERANCE, WINDOW, KNOWN);

    private static DeviceProfile profile(String entityId, String transition, double... steps) {
        List<ObservedStep> observed = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            observed.add(new ObservedStep(EVENT.minusSeconds(3600L * (i + 1)), steps[i]));
        }
        return DeviceProfile.of(entityId, transition, observed);
    }

    private static ProfileLookup lookup(DeviceProfile... profiles) {
        return (entityId, transition) -> List.of(profiles).stream()
                .filter(p -> p.entityId().equals(entityId) && p.transition().equals(transition)).findFirst();
    }

    private static StateChange change(String entityId, String from, String to) {
        return new StateChange(EVENT, entityId, entityId.substring(0, entityId.indexOf('.')), to, from);
    }

    /** A reading every 2 s at the odd seconds from -25 s to +25 s around the event, watts by second. */
    private static MeterWindow everyTwoSeconds(IntToDoubleFunction wattsAt) {
        List<Double> secondsAndWatts = new ArrayList<>();
        for (int s = -25; s <= 25; s += 2) {
            secondsAndWatts.add((double) s);
            secondsAndWatts.add(wattsAt.applyAsDouble(s));
        }
        return MeterWindows.around(EVENT, secondsAndWatts.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The lamp goes on at the event (300 → 360 W) and the kettle 6 s later (+2000 W), within the tolerance. */
    private static final MeterWindow LAMP_THEN_KETTLE = everyTwoSeconds(s -> 300 + (s > 0 ? 60 : 0) + (s > 6 ? 2000 : 0));

    @Test
    void theLampSwitchedBesideAKettleIsReadAsTheLamp() {
        StateChange lampOn = change(LAMP, "off", "on");

        assertThat(ALIGNED.estimate(LAMP_THEN_KETTLE, lampOn)).isEqualTo(new PowerStep(360, 2360)); // the kettle's
        assertThat(PROFILE.estimate(LAMP_THEN_KETTLE, lampOn)).isEqualTo(new PowerStep(300, 360, PowerStep.PROFILE));
    }

    @Test
    void theKettleBesideTheLampIsReadAsTheKettle() {
        StateChange kettleOn = new StateChange(EVENT.plusSeconds(6), KETTLE, "switch", "on", "off");

        assertThat(PROFILE.estimate(LAMP_THEN_KETTLE, kettleOn)).isEqualTo(new PowerStep(360, 2360, PowerStep.PROFILE));
    }

    @Test
    void theLampSwitchedOffJustAfterTheKettleIsReadAsTheLamp() {
        // the kettle goes off 4 s before the event (2360 → 360 W), the lamp at the event (360 → 300 W)
        MeterWindow w = everyTwoSeconds(s -> 300 + (s < 0 ? 60 : 0) + (s < -4 ? 2000 : 0));
        StateChange lampOff = change(LAMP, "on", "off");

        assertThat(ALIGNED.estimate(w, lampOff)).isEqualTo(new PowerStep(2360, 300)); // both steps at once
        assertThat(PROFILE.estimate(w, lampOff)).isEqualTo(new PowerStep(360, 300, PowerStep.PROFILE));
    }

    @Test
    void withoutAProfileForTheTransitionItIsExactlyAligned() {
        StateChange lampOn = change(LAMP, "off", "on");
        ProfileEstimator onlyOff = new ProfileEstimator(TOLERANCE, WINDOW, lookup(profile(LAMP, "on->off", -60, -60, -60)));
        ProfileEstimator none = new ProfileEstimator(TOLERANCE, WINDOW, ProfileLookup.none());

        assertThat(none.estimate(LAMP_THEN_KETTLE, lampOn)).isEqualTo(new PowerStep(360, 2360, PowerStep.METER))
                .isEqualTo(ALIGNED.estimate(LAMP_THEN_KETTLE, lampOn));
        assertThat(onlyOff.estimate(LAMP_THEN_KETTLE, lampOn)).isEqualTo(ALIGNED.estimate(LAMP_THEN_KETTLE, lampOn));
        assertThat(PROFILE.estimate(LAMP_THEN_KETTLE, change("light.other", "off", "on")))
                .isEqualTo(ALIGNED.estimate(LAMP_THEN_KETTLE, change("light.other", "off", "on")));
    }

    @Test
    void aProfileBelowTheMinimumConfidenceDoesNotGuide() {
        StateChange lampOn = change(LAMP, "off", "on");
        ProfileLookup oneStep = lookup(profile(LAMP, "off->on", 60)); // confidence 0.25

        assertThat(new ProfileEstimator(TOLERANCE, WINDOW, oneStep).estimate(LAMP_THEN_KETTLE, lampOn))
                .isEqualTo(ALIGNED.estimate(LAMP_THEN_KETTLE, lampOn));
        assertThat(new ProfileEstimator(TOLERANCE, WINDOW, oneStep, 0.25).estimate(LAMP_THEN_KETTLE, lampOn))
                .isEqualTo(new PowerStep(300, 360, PowerStep.PROFILE));
        assertThat(ProfileEstimator.DEFAULT_MIN_CONFIDENCE).isEqualTo(0.3);
    }

    @Test
    void theStepIsReadFromTheMeterNeverCopiedFromTheProfile() {
        ProfileEstimator estimator = new ProfileEstimator(TOLERANCE, WINDOW, lookup(profile(LAMP, "off->on", 75, 75, 75)));

        PowerStep step = estimator.estimate(LAMP_THEN_KETTLE, change(LAMP, "off", "on"));

        assertThat(step).isEqualTo(new PowerStep(300, 360, PowerStep.PROFILE));
        assertThat(step.deltaW()).isEqualTo(60.0);
    }

    @Test
    void aSplitWhoseWindowsStraddleTheStepIsNotTakenForIt() {
        // an 8 s meter, a computer typically stepping 179.5 W and reading noisily: the split (-0.5 s, 7.8 s)
        // reads 258.5 W from flat sides; (7.8 s, 15.8 s) reads 147 W, nearer 179.5, but its before window
        // holds 226 and 461 W, straddling the step
        MeterWindow w = MeterWindows.around(EVENT, -24.3, 222, -16.7, 225, -8.6, 216, -0.5, 226, 7.8, 461, 15.8, 498, 23.6, 483);
        ProfileEstimator estimator = new ProfileEstimator(TOLERANCE, Duration.ofSeconds(10),
                lookup(profile("switch.computer", "off->on", 179.5, 179.5, 179.5)));

        assertThat(estimator.estimate(w, change("switch.computer", "off", "on")))
                .isEqualTo(new PowerStep(221, 479.5, PowerStep.PROFILE));
    }

    @Test
    void ofTwoEquallyConsistentSplitsTheOneNearerTheEventWins() {
        // +60 W at -6 s and again at +4 s
        MeterWindow w = everyTwoSeconds(s -> s < -6 ? 300 : s < 4 ? 360 : 420);

        assertThat(PROFILE.estimate(w, change(LAMP, "off", "on"))).isEqualTo(new PowerStep(360, 420, PowerStep.PROFILE));
    }

    @Test
    void withOrWithoutAProfileOnRandomReadingsItFindsAStepExactlyWhenAlignedDoesAndWithoutOneItIsAligned() {
        Random random = new Random(42);
        ProfileEstimator none = new ProfileEstimator(TOLERANCE, WINDOW, ProfileLookup.none());
        String[][] transitions = {{"off", "on"}, {"on", "off"}, {"unknown", "on"}, {"heat", "cool"}};
        int found = 0;
        for (int trial = 0; trial < 2000; trial++) {
            List<Double> secondsAndWatts = new ArrayList<>();
            double t = -60 + random.nextDouble() * 50;
            while (t < 60) {
                secondsAndWatts.add(Math.round(t * 1000) / 1000.0);
                secondsAndWatts.add((double) (200 + random.nextInt(400)));
                t += 0.5 + random.nextDouble() * 25;
            }
            MeterWindow w = MeterWindows.around(EVENT, secondsAndWatts.stream().mapToDouble(Double::doubleValue).toArray());
            String[] fromTo = transitions[random.nextInt(transitions.length)];
            StateChange c = change(LAMP, fromTo[0], fromTo[1]);

            PowerStep aligned = ALIGNED.estimate(w, c);
            assertThat(none.estimate(w, c)).isEqualTo(aligned);
            ProfileEstimator guided = new ProfileEstimator(TOLERANCE, WINDOW, lookup(profile(LAMP, Transition.of(fromTo[0], fromTo[1]), 60, 60, 60)));
            assertThat(guided.estimate(w, c) == null).isEqualTo(aligned == null);
            found += aligned == null ? 0 : 1;
        }
        assertThat(found).isBetween(1000, 1999); // both kinds of case were tried
    }

    @Test
    void itReachesAsFarAsAligned() {
        assertThat(PROFILE.reach()).isEqualTo(ALIGNED.reach()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theMinimumConfidenceMustBeFrom0To1() {
        assertThatThrownBy(() -> new ProfileEstimator(TOLERANCE, WINDOW, KNOWN, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProfileEstimator(TOLERANCE, WINDOW, KNOWN, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The rule as written, every median and deviation taken afresh: sharing them across a window changes no step. */
    private static PowerStep direct(MeterWindow w, StateChange change, double typicalStepW, long tolerance, long window) {
        long event = MeterWindow.toNanos(change.time());
        int first = w.firstIndexAtOrAfter(event - tolerance - window);
        int last = w.lastIndexAtOrBefore(event + tolerance + window);
        if (w.lastIndexAtOrBefore(event) < first || w.firstIndexAtOrAfter(event) > last) {
            return null;
        }
        PowerStep best = null;
        double bestMiss = Double.POSITIVE_INFINITY;
        long bestDistance = Long.MAX_VALUE;
        for (int i = first; i < last; i++) {
            long before = w.nanos(i);
            long after = w.nanos(i + 1);
            if (before == after || after < event - tolerance || before > event + tolerance) {
                continue;
            }
            double beforeW = MedianEstimator.median(w, before - window, before);
            double afterW = MedianEstimator.median(w, after, after + window);
            double miss = Math.abs(afterW - beforeW - typicalStepW) + deviation(w, before - window, before, beforeW)
                    + deviation(w, after, after + window, afterW);
            long distance = Math.abs((before - event) + (after - event));
            if (miss < bestMiss || miss == bestMiss && distance < bestDistance) {
                best = new PowerStep(beforeW, afterW, PowerStep.PROFILE);
                bestMiss = miss;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static double deviation(MeterWindow w, long from, long to, double median) {
        int first = w.firstIndexAtOrAfter(from);
        int last = w.lastIndexAtOrBefore(to);
        double sum = 0;
        for (int i = first; i <= last; i++) {
            sum += Math.abs(w.watts(i) - median);
        }
        return sum / (last - first + 1);
    }

    @Test
    void mediansAndDeviationsSharedAcrossTheStateChangesOfAWindowGiveTheSameSteps() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            MeterWindow w = MeterWindows.randomWalk(EVENT, random);
            for (int e = 0; e < 300; e++) {
                Instant at = EVENT.minusSeconds(620).plusMillis(random.nextInt(1_240_000));
                boolean on = random.nextBoolean();
                StateChange change = new StateChange(at, KETTLE, "switch", on ? "on" : "off", on ? "off" : "on");
                double typical = on ? 2000 : -2000;
                assertThat(PROFILE.estimate(w, change))
                        .isEqualTo(direct(w, change, typical, TOLERANCE.toNanos(), WINDOW.toNanos()));
            }
        }
    }

    @Test
    void aLampSwitchedAfterTenMinutesOfSilenceIsReadFromTheHeldReadingAsTheProfileChooses() {
        ProfileEstimator holding = new ProfileEstimator(TOLERANCE, WINDOW, KNOWN, ProfileEstimator.DEFAULT_MIN_CONFIDENCE,
                Duration.ofSeconds(900));
        // a meter that writes on change: 300 W for ten minutes, the lamp's +60 W at +1 s, the kettle's +2000 W at +7 s
        MeterWindow w = MeterWindows.around(EVENT, -600, 300, 1, 360, 7, 2360);
        StateChange lampOn = change(LAMP, "off", "on");

        assertThat(holding.estimate(w, lampOn)).isEqualTo(new PowerStep(300, 360, PowerStep.PROFILE, true));
        assertThat(holding.estimate(w, change(KETTLE, "off", "on"))).isEqualTo(new PowerStep(360, 2360, PowerStep.PROFILE));
        assertThat(PROFILE.estimate(w, lampOn)).isNull(); // no held values
    }
}
