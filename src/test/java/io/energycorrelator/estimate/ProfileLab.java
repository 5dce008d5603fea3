package io.energycorrelator.estimate;

import io.energycorrelator.accuracy.Crossings;
import io.energycorrelator.accuracy.RefitHouse;
import io.energycorrelator.accuracy.TrueEvent;
import io.energycorrelator.correlate.Confidence;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.devices.profile.DeviceProfile;
import io.energycorrelator.devices.profile.ObservedStep;
import io.energycorrelator.devices.profile.ProfileLookup;
import io.energycorrelator.devices.profile.Transition;

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
 * each learned from all readings, from those no other state change overlapped (as the service learns), or from
 * those also of calibrated confidence ≥ 0.5 (the noise window taken as the rule's reach here).
 * An analysis aid, not a test.
 *
 *   java -cp ... io.energycorrelator.estimate.ProfileLab
 */
public final class ProfileLab {

    private static final Duration TEN = Duration.ofSeconds(10);
    private static final Duration SILENCE = Duration.ofSeconds(900);

    /** One state change, aligned's reading of it, how many other state changes lie within reach and its confidence. */
    record Read(TrueEvent event, StateChange change, double alignedW, int overlaps, double confidence) {
    }

    public static void main(String[] args) throws Exception {
        double minConfidence = args.length > 0 ? Double.parseDouble(args[0]) : ProfileEstimator.DEFAULT_MIN_CONFIDENCE;
        AlignedEstimator aligned = new AlignedEstimator(TEN, TEN, SILENCE);
        Map<String, StepLab.Tally> tallies = new LinkedHashMap<>();
        Map<String, Predicate<Read>> learnFrom = new LinkedHashMap<>();
        learnFrom.put("all", r -> true);
        learnFrom.put("not overlapped", r -> r.overlaps() == 0);
        learnFrom.put("not overlapped, confidence >= 0.5", r -> r.overlaps() == 0 && r.confidence() >= 0.5);
        tallies.put("second half: aligned", new StepLab.Tally());
        learnFrom.keySet().forEach(k -> tallies.put("second half: profile after first half, learned from " + k, new StepLab.Tally()));
        tallies.put("whole day: aligned", new StepLab.Tally());
        learnFrom.keySet().forEach(k -> tallies.put("whole day: two passes, learned from " + k, new StepLab.Tally()));
        learnFrom.keySet().forEach(k -> tallies.put("whole day: two passes, leave one out, learned from " + k, new StepLab.Tally()));
        Confidence confidence = new Confidence(aligned.reach());
        long reachNanos = aligned.reach().toNanos();
        for (int n = 1; n <= 10; n++) {
            RefitHouse house = RefitHouse.load(n);
            MeterWindow window = StepLab.onChange(house);
            Instant middle = house.time(0).plus(Duration.between(house.time(0), house.time(house.size() - 1)).dividedBy(2));
            List<Read> reads = new ArrayList<>();
            List<TrueEvent> events = Crossings.of(house);
            for (TrueEvent e : events) {
                StateChange change = new StateChange(e.time(), e.entityId(), "switch", e.state(), e.previousState());
                PowerStep step = aligned.estimate(window, change);
                double w = step == null ? Double.NaN : step.afterW() - step.beforeW();
                int overlaps = (int) events.stream().filter(o -> o != e
                        && Math.abs(Duration.between(o.time(), e.time()).toNanos()) <= reachNanos).count();
                double c = step == null ? 0 : confidence.of(w, overlaps, window, e.time(), step.held());
                reads.add(new Read(e, change, w, overlaps, c));
            }
            for (Read r : reads) {
                TrueEvent e = r.event();
                if (!e.scored() || Math.abs(e.trueStepW()) < StepLab.THRESHOLD_W) {
                    continue;
                }
                if (!e.time().isBefore(middle)) {
                    StepLab.add(tallies.get("second half: aligned"), e.trueStepW(), r.alignedW());
                }
                StepLab.add(tallies.get("whole day: aligned"), e.trueStepW(), r.alignedW());
                for (var f : learnFrom.entrySet()) {
                    if (!e.time().isBefore(middle)) {
                        StepLab.add(tallies.get("second half: profile after first half, learned from " + f.getKey()), e.trueStepW(),
                                read(learn(reads, f.getValue().and(o -> o.event().time().isBefore(middle))), minConfidence, window, r));
                    }
                    StepLab.add(tallies.get("whole day: two passes, learned from " + f.getKey()), e.trueStepW(),
                            read(learn(reads, f.getValue()), minConfidence, window, r));
                    StepLab.add(tallies.get("whole day: two passes, leave one out, learned from " + f.getKey()), e.trueStepW(),
                            read(learn(reads, f.getValue().and(o -> o != r)), minConfidence, window, r));
                }
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
