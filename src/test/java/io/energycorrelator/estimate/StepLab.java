package io.energycorrelator.estimate;

import io.energycorrelator.accuracy.Crossings;
import io.energycorrelator.accuracy.MeterCeilingAccess;
import io.energycorrelator.accuracy.RefitHouse;
import io.energycorrelator.accuracy.TrueEvent;
import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.PowerStep;
import io.energycorrelator.model.StateChange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the step rules miss on the ten REFIT houses, in-process (no InfluxDB, no service): each house's meter as
 * Home Assistant records it (a row each time the value changes), every scored state change read by each rule,
 * tallied like the harness (right within 25 % or 10 W, right sign, answered = |step| ≥ 10 W), beside the
 * meter-only ceiling; and the misses of the default rule sorted by cause. An analysis aid, not a test.
 *
 *   java -cp ... io.energycorrelator.estimate.StepLab
 */
public final class StepLab {

    static final double THRESHOLD_W = 10;

    record Tally(int[] right, int[] events, int rightSign, int answered) {
        Tally() {
            this(new int[4], new int[4], 0, 0);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, StepEstimator> rules = new LinkedHashMap<>();
        Duration silence = Duration.ofSeconds(900);
        rules.put("aligned 10/10", new AlignedEstimator(Duration.ofSeconds(10), Duration.ofSeconds(10), silence));
        for (String extra : args) {
            String[] p = extra.split("/");
            rules.put("aligned " + extra, new AlignedEstimator(Duration.ofSeconds(Long.parseLong(p[0])),
                    Duration.ofSeconds(Long.parseLong(p[1])), silence));
        }
        Map<String, Tally> tallies = new LinkedHashMap<>();
        rules.keySet().forEach(k -> tallies.put(k, new Tally()));
        Tally ceiling = new Tally();
        Map<String, Integer> causes = new LinkedHashMap<>();
        for (int n = 1; n <= 10; n++) {
            RefitHouse house = RefitHouse.load(n);
            MeterWindow window = onChange(house);
            for (TrueEvent e : Crossings.of(house)) {
                if (!e.scored() || Math.abs(e.trueStepW()) < THRESHOLD_W) {
                    continue;
                }
                StateChange change = new StateChange(e.time(), e.entityId(), "switch", e.state(), e.previousState());
                for (var rule : rules.entrySet()) {
                    PowerStep step = rule.getValue().estimate(window, change);
                    double read = step == null ? Double.NaN : step.afterW() - step.beforeW();
                    add(tallies.get(rule.getKey()), e.trueStepW(), read);
                    if (rule.getKey().equals("aligned 10/10")) {
                        causes.merge(cause(house, e, read), 1, Integer::sum);
                    }
                }
                add(ceiling, e.trueStepW(), MeterCeilingAccess.bestStepW(house, e));
            }
        }
        System.out.println("rule | <100 | 100-500 | >=500 | all | right sign | answered");
        print("ceiling", ceiling);
        tallies.forEach(StepLab::print);
        System.out.println("misses of aligned 10/10 by cause: " + causes);
    }

    static MeterWindow onChange(RefitHouse house) {
        List<MeterWindow.Reading> readings = new ArrayList<>();
        double[] a = house.aggregate();
        for (int i = 0; i < house.size(); i++) {
            if (i == 0 || a[i] != a[i - 1]) {
                readings.add(new MeterWindow.Reading(house.time(i), a[i]));
            }
        }
        return new MeterWindow(readings);
    }

    static int bucket(double trueStepW) {
        double size = Math.abs(trueStepW);
        return size < 100 ? 0 : size < 500 ? 1 : 2;
    }

    static boolean right(double truth, double read) {
        double error = Math.abs(read - truth);
        return Double.isFinite(read) && Math.abs(read) >= THRESHOLD_W && (error <= 10 || error <= 0.25 * Math.abs(truth));
    }

    static void add(Tally t, double truth, double read) {
        int b = bucket(truth);
        t.events()[b]++;
        t.events()[3]++;
        boolean answered = Double.isFinite(read) && Math.abs(read) >= THRESHOLD_W;
        if (right(truth, read)) {
            t.right()[b]++;
            t.right()[3]++;
        }
        if (answered && Math.signum(read) == Math.signum(truth)) {
            bump(t, 0);
        }
        if (answered) {
            bump(t, 1);
        }
    }

    private static final Map<Tally, int[]> COUNTS = new java.util.IdentityHashMap<>();

    private static void bump(Tally t, int which) {
        COUNTS.computeIfAbsent(t, k -> new int[2])[which]++;
    }

    static void print(String name, Tally t) {
        int[] c = COUNTS.getOrDefault(t, new int[2]);
        StringBuilder sb = new StringBuilder(name);
        for (int b = 0; b < 4; b++) {
            sb.append(String.format(" | %d/%d %.1f%%", t.right()[b], t.events()[b], 100.0 * t.right()[b] / Math.max(1, t.events()[b])));
        }
        sb.append(String.format(" | %.1f%% | %.1f%%", 100.0 * c[0] / t.events()[3], 100.0 * c[1] / t.events()[3]));
        System.out.println(sb);
    }

    /** Why a reading missed: none, wrong sign, too small or too large, against what the ceiling could do. */
    static String cause(RefitHouse house, TrueEvent e, double read) {
        if (right(e.trueStepW(), read)) {
            return "right";
        }
        boolean ceilingRight = right(e.trueStepW(), MeterCeilingAccess.bestStepW(house, e));
        String prefix = ceilingRight ? "ceiling-right/" : "ceiling-wrong/";
        if (!Double.isFinite(read)) {
            return prefix + "no-reading";
        }
        if (Math.abs(read) < THRESHOLD_W) {
            return prefix + "below-threshold";
        }
        if (Math.signum(read) != Math.signum(e.trueStepW())) {
            return prefix + "wrong-sign";
        }
        return prefix + (Math.abs(read) > Math.abs(e.trueStepW()) ? "too-large" : "too-small");
    }
}
