package io.energycorrelator.estimate;

import io.energycorrelator.model.PowerStep;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many steps an estimator read right, by the size of the true step: right means within 25 % of the true
 * step, or within 10 W of it (so that a 5 W lamp is not held to 1.25 W). An event without a step is wrong.
 */
final class StepAccuracy {

    static final double RELATIVE_TOLERANCE = 0.25;
    static final double ABSOLUTE_TOLERANCE_W = 10;

    /** Step-size classes of the true step, by its magnitude; ALL counts every event. */
    enum Size {
        UNDER_100_W("< 100 W"), FROM_100_TO_500_W("100–500 W"), FROM_500_W("≥ 500 W"), ALL("all");

        final String label;

        Size(String label) {
            this.label = label;
        }

        static Size of(double trueStepW) {
            double size = Math.abs(trueStepW);
            return size < 100 ? UNDER_100_W : size < 500 ? FROM_100_TO_500_W : FROM_500_W;
        }
    }

    /** Events of one size class, and how many of them were read right. */
    record Tally(int events, int right) {

        double share() {
            return events == 0 ? Double.NaN : (double) right / events;
        }

        Tally plus(boolean isRight) {
            return new Tally(events + 1, right + (isRight ? 1 : 0));
        }
    }

    private StepAccuracy() {
    }

    static boolean isRight(PowerStep step, double trueStepW) {
        if (step == null) {
            return false;
        }
        double error = Math.abs(step.deltaW() - trueStepW);
        return error <= ABSOLUTE_TOLERANCE_W || error <= RELATIVE_TOLERANCE * Math.abs(trueStepW);
    }

    /** The tallies of the steps read (null: none) against the true steps, event by event. */
    static Map<Size, Tally> score(List<Double> trueStepsW, List<PowerStep> steps) {
        if (trueStepsW.size() != steps.size()) {
            throw new IllegalArgumentException(trueStepsW.size() + " true steps for " + steps.size() + " readings");
        }
        Map<Size, Tally> tallies = new EnumMap<>(Size.class);
        for (Size s : Size.values()) {
            tallies.put(s, new Tally(0, 0));
        }
        for (int i = 0; i < steps.size(); i++) {
            boolean right = isRight(steps.get(i), trueStepsW.get(i));
            Size size = Size.of(trueStepsW.get(i));
            tallies.computeIfPresent(size, (k, t) -> t.plus(right));
            tallies.computeIfPresent(Size.ALL, (k, t) -> t.plus(right));
        }
        return tallies;
    }
}
