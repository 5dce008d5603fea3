package io.energycorrelator.estimate;

import io.energycorrelator.model.MeterWindow;
import io.energycorrelator.model.StateChange;
import io.energycorrelator.estimate.StepAccuracy.Size;
import io.energycorrelator.estimate.StepAccuracy.Tally;

import java.util.List;
import java.util.Map;

/** A default rule run online over a house ({@link OnlineRun}): its steps read right by size, and what it learned. */
record RuleScores(DefaultRules.Rule rule, Map<Size, Tally> steps, OnlineRun.Outcome outcome) {

    /** Learning from every correlation, as the profiles are meant to be fed (before the write threshold). */
    static RuleScores of(DefaultRules.Rule rule, MeterWindow meter, List<StateChange> changes, List<Double> trueStepsW) {
        return of(rule, meter, changes, trueStepsW, 0);
    }

    static RuleScores of(DefaultRules.Rule rule, MeterWindow meter, List<StateChange> changes, List<Double> trueStepsW,
            double minLearnedStepW) {
        OnlineRun.Outcome outcome = OnlineRun.run(meter, changes, rule.make(), minLearnedStepW);
        return new RuleScores(rule, StepAccuracy.score(trueStepsW, outcome.steps()), outcome);
    }

    static RuleScores of(DefaultRules.Rule rule, SimulatedHouse house) {
        return of(rule, house.meter(), changes(house), trueSteps(house));
    }

    static RuleScores of(DefaultRules.Rule rule, UkDaleHouse house) {
        return of(rule, house.meter(), house.events().stream().map(UkDaleHouse.Event::change).toList(),
                house.events().stream().map(UkDaleHouse.Event::trueStepW).toList());
    }

    static List<StateChange> changes(SimulatedHouse house) {
        return house.events().stream().map(SimulatedHouse.Event::change).toList();
    }

    static List<Double> trueSteps(SimulatedHouse house) {
        return house.events().stream().map(SimulatedHouse.Event::trueStepW).toList();
    }

    Tally tally(Size size) {
        return steps.get(size);
    }
}
