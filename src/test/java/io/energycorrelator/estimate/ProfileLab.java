package io.energycorrelator.estimate;

import io.energycorrelator.accuracy.Crossings;
import io.energycorrelator.accuracy.RefitHouse;
import io.energycorrelator.accuracy.TrueEvent;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.profile.DeviceProfile;
import io.energycorrelator.profile.ObservedStep;
import io.energycorrelator.profile.ProfileLookup;
import io.energycorrelator.profile.Transition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether profiles learned "then read" would beat the meter-only rule on the ten REFIT houses, in-process
 * (no InfluxDB, no service), tallied as {@link StepLab} does. Profiles are learned from {@code aligned}'s own
 * readings (what a backfill writes), per entity and transition, then the day is read again with the
 * {@code profile} rule:
 * <ul>
 * <li>first half / second half: learned from the readings of the first half, the second half scored (as live);</li>
 * <li>two passes: learned from the whole day, the whole day read again (a backfill's learn-then-read);</li>
 * <li>two passes, leave one out: as above, but each event's own reading left out of its profile.</li>
 * </ul>
 * An analysis aid, not a test.
 *
 *   java -cp ... io.energycorrelator.estimate.ProfileLab
 */
public final class ProfileLab {

    private static final Duration TEN = Duration.ofSeconds(10);
    private static final Duration SILENCE = Duration.ofSeconds(900);

    record Read(TrueEvent event, StateChange change, double alignedW) {
    }

    public static void main(String[] args) throws Exception {
        double minConfidence = args.length > 0 ? Double.parseDouble(args[0]) : ProfileEstimator.DEFAULT_MIN_CONFIDENCE;
        AlignedEstimator aligned = new AlignedEstimator(TEN, TEN, SILENCE);
        Map<String, StepLab.Tally> tallies = new LinkedHashMap<>();
        for (String k : List.of("second half: aligned", "second half: profile after first half",
                "whole day: aligned", "whole day: profile, two passes", "whole day: profile, two passes, leave one out")) {
            tallies.put(k, new StepLab.Tally());
        }
        for (int n = 1; n <= 10; n++) {
            RefitHouse house = RefitHouse.load(n);
            MeterWindow window = StepLab.onChange(house);
            Instant middle = house.time(0).plus(Duration.between(house.time(0), house.time(house.size() - 1)).dividedBy(2));
            List<Read> reads = new ArrayList<>();
            for (TrueEvent e : Crossings.of(house)) {
                StateChange change = new StateChange(e.time(), e.entityId(), "switch", e.state(), e.previousState());
                PowerStep step = aligned.estimate(window, change);
                reads.add(new Read(e, change, step == null ? Double.NaN : step.afterW() - step.beforeW()));
            }
            ProfileLookup firstHalf = learn(reads, r -> r.event().time().isBefore(middle));
            ProfileLookup wholeDay = learn(reads, r -> true);
            for (Read r : reads) {
                TrueEvent e = r.event();
                if (!e.scored() || Math.abs(e.trueStepW()) < StepLab.THRESHOLD_W) {
                    continue;
                }
                if (!e.time().isBefore(middle)) {
                    StepLab.add(tallies.get("second half: aligned"), e.trueStepW(), r.alignedW());
                    StepLab.add(tallies.get("second half: profile after first half"), e.trueStepW(),
                            read(firstHalf, minConfidence, window, r));
                }
                StepLab.add(tallies.get("whole day: aligned"), e.trueStepW(), r.alignedW());
                StepLab.add(tallies.get("whole day: profile, two passes"), e.trueStepW(), read(wholeDay, minConfidence, window, r));
                StepLab.add(tallies.get("whole day: profile, two passes, leave one out"), e.trueStepW(),
                        read(learn(reads, o -> o != r), minConfidence, window, r));
            }
        }
        System.out.println("min confidence " + minConfidence);
        System.out.println("rule | <100 | 100-500 | >=500 | all | right sign | answered");
        tallies.forEach(StepLab::print);
    }

    static double read(ProfileLookup profiles, double minConfidence, MeterWindow window, Read r) {
        PowerStep step = new ProfileEstimator(TEN, TEN, profiles, minConfidence, SILENCE).estimate(window, r.change());
        return step == null ? Double.NaN : step.afterW() - step.beforeW();
    }

    /** Profiles of aligned's readings (|step| ≥ the threshold, as written) of the chosen events. */
    static ProfileLookup learn(List<Read> reads, Predicate<Read> from) {
        Map<String, List<ObservedStep>> steps = new HashMap<>();
        for (Read r : reads) {
            if (from.test(r) && Double.isFinite(r.alignedW()) && Math.abs(r.alignedW()) >= StepLab.THRESHOLD_W) {
                steps.computeIfAbsent(r.change().entityId() + " " + Transition.of(r.change()), k -> new ArrayList<>())
                        .add(new ObservedStep(r.event().time(), r.alignedW()));
            }
        }
        Map<String, DeviceProfile> profiles = new HashMap<>();
        steps.forEach((key, list) -> {
            int space = key.indexOf(' ');
            profiles.put(key, DeviceProfile.of(key.substring(0, space), key.substring(space + 1), list));
        });
        return (entityId, transition) -> Optional.ofNullable(profiles.get(entityId + " " + transition));
    }
}
