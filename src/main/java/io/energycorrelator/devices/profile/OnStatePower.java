package io.energycorrelator.devices.profile;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an entity draws in each on-state, by its profiles: the typical step into it from a state that is not on
 * ({@code off->on}, a cover's {@code closed->opening}) and minus that out of it into one ({@code on->off},
 * {@code opening->open}), averaged weighted by their counts (all read the same draw, so together they are steadier
 * than any one); one alone when there is only one. An on-state with neither (a climate entity in
 * a mode never entered or left through {@code off}) takes the most confident figure of the others. A negative
 * figure (a misread profile) counts as 0 W.
 */
final class OnStatePower {

    private static final String OFF = "off";

    /**
     * The watts, the confidence of the profiles they came from (weighted the same way), and the confidence of energy
     * valued at them ({@link EnergyConfidence}: how well the steps into the state and out of it agree).
     */
    record Power(double watts, double confidence, double energyConfidence) {
    }

    private OnStatePower() {
    }

    /**
     * Each on-state's power; empty when none of them has a profile.
     *
     * @param domainOnStates all the on-states of the entity's domain: a step to or from one of them is not a
     *                       step between on and not on
     */
    static Map<String, Power> of(String entityId, Collection<String> onStates, Set<String> domainOnStates,
            ProfileLookup profiles) {
        Map<String, Power> powers = new TreeMap<>();
        for (String state : onStates) {
            own(entityId, state, domainOnStates, profiles).ifPresent(p -> powers.put(state, p));
        }
        if (!powers.isEmpty()) {
            Power best = mostConfident(powers);
            onStates.forEach(state -> powers.putIfAbsent(state, best));
        }
        return powers;
    }

    static Power mostConfident(Map<String, Power> powers) {
        return powers.values().stream().max(Comparator.comparingDouble(Power::confidence)).orElseThrow();
    }

    private static Optional<Power> own(String entityId, String state, Set<String> domainOnStates, ProfileLookup profiles) {
        Set<String> rests = new TreeSet<>(List.of(OFF));
        for (String t : profiles.transitionsOf(entityId)) {
            int arrow = t.indexOf(Transition.ARROW);
            String from = arrow < 0 ? "" : t.substring(0, arrow);
            String to = arrow < 0 ? "" : t.substring(arrow + Transition.ARROW.length());
            rests.add(to.equals(state) ? from : from.equals(state) ? to : OFF);
        }
        rests.removeIf(r -> domainOnStates.contains(r) || OnStates.isUnknown(r) || r.isEmpty());
        double count = 0;
        double wattSteps = 0;
        double confidenceSteps = 0;
        // Into the state and out of it apart (count-weighted steps), for how well they agree.
        double[] sideCount = new double[2];
        double[] sideWattSteps = new double[2];
        for (String rest : rests) {
            for (Optional<DeviceProfile> p : List.of(profiles.find(entityId, Transition.of(rest, state)),
                    profiles.find(entityId, Transition.of(state, rest)))) {
                if (p.isPresent()) {
                    boolean into = p.get().transition().endsWith(Transition.ARROW + state);
                    count += p.get().count();
                    wattSteps += p.get().count() * (into ? p.get().typicalStepW() : -p.get().typicalStepW());
                    confidenceSteps += p.get().count() * p.get().confidence();
                    sideCount[into ? 0 : 1] += p.get().count();
                    sideWattSteps[into ? 0 : 1] += p.get().count() * p.get().typicalStepW();
                }
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        double agreement = EnergyConfidence.agreement(sideCount[0] == 0 ? Double.NaN : sideWattSteps[0] / sideCount[0],
                sideCount[1] == 0 ? Double.NaN : sideWattSteps[1] / sideCount[1]);
        boolean bothSides = sideCount[0] >= EnergyConfidence.MIN_STEPS_A_SIDE && sideCount[1] >= EnergyConfidence.MIN_STEPS_A_SIDE;
        return Optional.of(new Power(Math.max(0, wattSteps / count), confidenceSteps / count,
                EnergyConfidence.of(agreement, bothSides)));
    }
}
