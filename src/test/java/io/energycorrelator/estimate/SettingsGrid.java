package io.energycorrelator.estimate;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code aligned} rule's settings side by side on the three data sets at once (the ten REFIT houses in-process,
 * the simulated house and UK-DALE house 1): share of steps read within 25 % (or 10 W), all sizes. An analysis aid.
 *
 *   java -cp ... io.energycorrelator.estimate.SettingsGrid 10/10 15/10 20/15
 */
public final class SettingsGrid {

    public static void main(String[] args) throws Exception {
        SimulatedHouse simulated = SimulatedHouse.generate();
        UkDaleHouse ukDale = UkDaleHouse.load();
        for (String arg : args) {
            String[] p = arg.split("/");
            Duration tolerance = Duration.ofSeconds(Long.parseLong(p[0]));
            Duration window = Duration.ofSeconds(Long.parseLong(p[1]));
            DefaultRules.Rule rule = new DefaultRules.Rule("aligned", arg, profiles -> new AlignedEstimator(tolerance, window));
            System.out.printf("%-6s simulated %s | UK-DALE %s%n", arg, all(RuleScores.of(rule, simulated).steps()),
                    all(RuleScores.of(rule, ukDale).steps()));
        }
        StepLab.main(args);
    }

    private static String all(Map<StepAccuracy.Size, StepAccuracy.Tally> tallies) {
        int right = 0;
        int events = 0;
        StringBuilder sb = new StringBuilder();
        for (var e : tallies.entrySet()) {
            right += e.getValue().right();
            events += e.getValue().events();
            sb.append(String.format("%s %d/%d  ", e.getKey(), e.getValue().right(), e.getValue().events()));
        }
        return sb + String.format("all %.1f%%", 100.0 * right / Math.max(1, events));
    }
}
