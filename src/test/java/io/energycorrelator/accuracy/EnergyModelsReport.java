package io.energycorrelator.accuracy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each energy model of {@link EnergyModels} on the ten REFIT houses, pooled, with the true on-intervals (what Home
 * Assistant records): run on demand ({@code -Dtest=EnergyModelsReport}), not in the suite; prints the table.
 */
class EnergyModelsReport {

    @Test
    void printsEachModelsPooledFigures() throws Exception {
        Map<String, EnergyScores> pooled = new LinkedHashMap<>();
        for (int n = 1; n <= RefitHouse.HOUSES; n++) {
            RefitHouse house = RefitHouse.load(n);
            HouseDay day = new HouseDay(house);
            for (int k = 0; k < house.channels().length; k++) {
                double truth = day.trueEnergyWh().get(RefitHouse.entityId(k));
                List<int[]> on = EnergyModels.onIntervals(house, day.events(), k);
                int channel = k;
                List<TrueEvent> ons = day.events().stream().filter(e -> e.channel() == channel && "on".equals(e.state())).toList();
                double[] trueSteps = ons.stream().mapToDouble(TrueEvent::trueStepW).toArray();
                double[] meterSteps = ons.stream().mapToDouble(e -> Crossings.stepAt(house.aggregate(), e.index())).toArray();
                add(pooled, "step x on-time, true steps (ceiling)", truth, EnergyModels.stepTimesOnTime(house.unix(), on, trueSteps));
                add(pooled, "step x on-time, meter steps at switch-on", truth,
                        EnergyModels.stepTimesOnTime(house.unix(), on, meterSteps));
                add(pooled, "true channel over on-intervals (ceiling of any on-interval model)", truth,
                        EnergyModels.meterOverOnTime(house.unix(), house.channels()[k], on, null, false));
                add(pooled, "each interval its own step, true channel (ceiling)", truth,
                        EnergyModels.eachIntervalItsOwnStep(house.unix(), house.channels()[k], on));
                add(pooled, "each interval its own step, meter", truth,
                        EnergyModels.eachIntervalItsOwnStep(house.unix(), house.aggregate(), on));
                add(pooled, "meter over on-intervals, base before switch-on", truth,
                        EnergyModels.meterOverOnTime(house.unix(), house.aggregate(), on, null, true));
                add(pooled, "meter over on-intervals, other appliances out (ceiling)", truth,
                        EnergyModels.meterOverOnTime(house.unix(), house.aggregate(), on, EnergyModels.othersThan(house, k), true));
            }
        }
        System.out.println("| model | devices >= 50 Wh | within 25 % | within 10 % | energy-weighted error |");
        pooled.forEach((model, s) -> System.out.printf("| %s | %d | %d (%.1f %%) | %d | %.1f %% |%n", model, s.devices(),
                s.within25(), 100.0 * s.within25() / s.devices(), s.within10(), 100 * s.weightedError()));
        assertThat(pooled.values()).allSatisfy(s -> assertThat(s.devices()).isPositive());
    }

    private static void add(Map<String, EnergyScores> pooled, String model, double truth, double wh) {
        pooled.computeIfAbsent(model, m -> new EnergyScores()).add(truth, wh);
    }
}
